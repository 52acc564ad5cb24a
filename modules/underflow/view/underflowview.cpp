// The underflow view (underflowview.h): lays out the four panels and hands each the snapshot.
#include "underflowview.h"

#include "bitpanel.h"
#include "core/underflowsession.h"
#include "logspacepanel.h"
#include "productchart.h"
#include "rangeline.h"
#include "underflowmodule.h"

#include <QHBoxLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace conceptlab::underflow {

UnderflowView::UnderflowView(QWidget *parent)
    : ConceptView(parent)
    , m_chart(new ProductChart(this))
    , m_bits(new BitPanel(this))
    , m_range(new RangeLine(this))
    , m_logSpace(new LogSpacePanel(this))
{
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(right);
    scroll->setWidget(m_logSpace);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    rightLayout->addWidget(m_range, 1);
    rightLayout->addWidget(scroll, 2);
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(m_chart);
    top->addWidget(right);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    top->setSizes({ 640, 640 });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(top, 3);
    layout->addWidget(m_bits, 2);
}

void UnderflowView::setParameters(const ParameterValues &values)
{
    buildSession([values](const WorkControl &control) -> std::unique_ptr<Session> {
        return sessionFromValues(values, control);
    });
}

const UnderflowSession *UnderflowView::underflowSession() const
{
    return dynamic_cast<const UnderflowSession *>(session());
}

void UnderflowView::showSnapshot()
{
    const UnderflowSession *s = underflowSession();
    if (!s) {
        const UnderflowSnapshot empty;
        m_chart->setSnapshot(empty, inputError());
        m_bits->setSnapshot(empty);
        m_range->setSnapshot(empty);
        m_logSpace->setSnapshot(empty);
        return;
    }
    const UnderflowSnapshot snapshot = s->snapshot();
    m_chart->setSnapshot(snapshot, QString());
    m_bits->setSnapshot(snapshot);
    m_range->setSnapshot(snapshot);
    m_logSpace->setSnapshot(snapshot);
}

QString UnderflowView::figureSubtitle() const
{
    const UnderflowSession *s = underflowSession();
    if (!s)
        return inputError().section(QLatin1Char('\n'), 0, 0);
    const SourceParameters &source = s->settings().source;
    const std::string_view name = kSourceNames.name(source.source);
    QString text = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    switch (source.source) {
    case Source::Constant:
        text = tr("constant p = %1").arg(source.p, 0, 'g', 6);
        break;
    case Source::Uniform:
        text = tr("uniform p in (%1, %2]").arg(source.uniformLow, 0, 'g', 6).arg(source.uniformHigh, 0, 'g', 6);
        break;
    case Source::Beta:
        text = tr("p ~ Beta(%1, %2)").arg(source.betaAlpha, 0, 'g', 6).arg(source.betaBeta, 0, 'g', 6);
        break;
    case Source::File:
    case Source::Sentence:
        break;
    }
    return tr("product of %1 probabilities, %2 · subnormals %3")
        .arg(s->stepCount())
        .arg(text, s->settings().subnormals == Subnormals::Gradual ? tr("gradual") : tr("flushed to zero"));
}

void UnderflowView::paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style)
{
    const double topHeight = (rect.height() - style.gap) * 0.62;
    const double half = (rect.width() - style.gap * 1.5) / 2;
    figure::drawChart(painter, QRectF(rect.left(), rect.top(), half, topHeight), m_chart->chart(), style);
    const QRectF right(rect.right() - half, rect.top(), half, topHeight);
    const double rangeHeight = topHeight * 0.42;
    m_range->paintFigure(painter, QRectF(right.left(), right.top(), right.width(), rangeHeight), style);
    figure::drawRichText(painter,
        QRectF(right.left(), right.top() + rangeHeight + style.gap, right.width(), topHeight - rangeHeight - style.gap),
        m_logSpace->text(), style);
    m_bits->paintFigure(painter,
        QRectF(rect.left(), rect.top() + topHeight + style.gap, rect.width(), rect.height() - topHeight - style.gap),
        style);
}

void UnderflowView::setHighlight(const QString &target)
{
    const QStringList parts = target.split(QLatin1Char(':'));
    QString format;
    int bit = -1;
    if (parts.size() >= 2 && (parts[0] == QLatin1String("format") || parts[0] == QLatin1String("bit")))
        format = parts[1];
    if (parts.size() == 3 && parts[0] == QLatin1String("bit"))
        bit = parts[2].toInt();
    m_chart->setHighlight(format);
    m_bits->setHighlight(format, bit);
    m_range->setHighlight(format);
    m_logSpace->setHighlight(format);
}

} // namespace conceptlab::underflow
