// Small out-of-line pieces of the module contract.
#include "conceptmodule.h"

#include <QFontMetricsF>
#include <QPainter>

namespace conceptlab {

ConceptView::ConceptView(QWidget *parent)
    : QWidget(parent)
{
    connect(&m_builder, &BackgroundJob::runningChanged, this, &ConceptView::stateChanged);
}

ConceptView::~ConceptView() = default;

void ConceptView::showSession(std::unique_ptr<Session> session)
{
    m_builder.cancel();
    m_session = std::move(session);
    m_inputError.clear();
    sessionChanged();
}

void ConceptView::buildSession(SessionFactory factory)
{
    m_builder.start<std::unique_ptr<Session>>(
        std::move(factory),
        [this](std::unique_ptr<Session> session) {
            m_session = std::move(session);
            m_inputError.clear();
            sessionChanged();
        },
        [this](const QString &error) {
            m_session.reset();
            m_inputError = error;
            sessionChanged();
        });
}

void ConceptView::sessionChanged()
{
    showSnapshot();
    emit stateChanged();
}

void ConceptView::reset()
{
    if (!m_session)
        return;
    m_session->reset();
    sessionChanged();
}

void ConceptView::stepForward()
{
    if (m_session && m_session->stepForward())
        sessionChanged();
}

int ConceptView::stepTo(int step)
{
    if (!m_session)
        return 0;
    m_session->reset();
    int taken = 0;
    while (taken < step && m_session->stepForward())
        ++taken;
    sessionChanged();
    return taken;
}

void ConceptView::stepBackward()
{
    if (m_session && m_session->stepBackward())
        sessionChanged();
}

QString ConceptView::statusText() const
{
    return m_session ? QString::fromStdString(m_session->statusText()) : QString();
}

ResultTable ConceptView::currentTable() const
{
    return m_session ? ResultTable::fromTable(m_session->currentTable()) : ResultTable();
}

int ConceptView::knownLastStep() const
{
    if (const auto *indexed = dynamic_cast<const IndexedSession *>(m_session.get()))
        return indexed->stepCount();
    return m_session && m_session->atEnd() ? m_session->currentStep() : -1;
}

QString ConceptView::figureSubtitle() const
{
    return statusText();
}

void ConceptView::paintFigure(QPainter &painter, const QRectF &rect, const FigureCaption &caption)
{
    const FigureStyle style = FigureStyle::forSize(rect.width(), rect.height());
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(rect, style.paper);
    const double margin = style.gap * 1.5;
    const QRectF inner = rect.adjusted(margin, margin * 0.8, -margin, -margin * 0.8);
    double y = inner.top();
    y += figure::drawText(painter, QRectF(inner.left(), y, inner.width(), QFontMetricsF(style.title).height()),
        caption.moduleTitle, style.title, style.ink, Qt::AlignLeft | Qt::AlignTop);
    const QString subtitle = figureSubtitle();
    if (!subtitle.isEmpty()) {
        // At most two lines: a long state line must not eat the picture.
        const double lines = QFontMetricsF(style.text).height() * 2.05;
        y += figure::drawText(painter, QRectF(inner.left(), y, inner.width(), lines), subtitle, style.text, style.muted,
            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap);
    }
    y += style.gap;
    const double footer = QFontMetricsF(style.text).height();
    const QRectF footerRect(inner.left(), inner.bottom() - footer, inner.width(), footer);
    painter.setPen(style.rule);
    painter.drawLine(QPointF(inner.left(), footerRect.top() - style.gap * 0.5),
        QPointF(inner.right(), footerRect.top() - style.gap * 0.5));
    QFont stepFont = style.text;
    stepFont.setWeight(QFont::Bold);
    const QString stepText = caption.stepText();
    figure::drawText(painter, footerRect, stepText, stepFont, style.ink, Qt::AlignLeft | Qt::AlignVCenter);
    const double stepWidth = QFontMetricsF(stepFont).horizontalAdvance(stepText) + style.gap * 2;
    figure::drawText(painter, footerRect.adjusted(stepWidth, 0, 0, 0), statusText(), style.text, style.muted,
        Qt::AlignRight | Qt::AlignVCenter);
    const QRectF body(inner.left(), y, inner.width(), footerRect.top() - style.gap - y);
    painter.restore();
    if (body.height() < 8)
        return;
    painter.save();
    // Antialiased like every SVG and PDF viewer draws: the PNG is the same picture.
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    paintFigureBody(painter, body, style);
    painter.restore();
}

void ConceptView::paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style)
{
    Q_UNUSED(style)
    // A module without a figure of its own: its widgets, scaled to fit.
    const QSizeF size = this->size();
    if (size.isEmpty())
        return;
    const double scale = std::min(rect.width() / size.width(), rect.height() / size.height());
    painter.translate(rect.left() + (rect.width() - size.width() * scale) / 2,
        rect.top() + (rect.height() - size.height() * scale) / 2);
    painter.scale(scale, scale);
    render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
}

void ConceptView::setInputError(const QString &message)
{
    if (m_inputError == message)
        return;
    m_inputError = message;
    emit stateChanged();
}

static QString csvCell(const QString &cell)
{
    if (!cell.contains(QLatin1Char(',')) && !cell.contains(QLatin1Char('"')) && !cell.contains(QLatin1Char('\n'))
        && !cell.contains(QLatin1Char('\r')))
        return cell;
    QString quoted = cell;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

static void appendCsvLine(QByteArray &out, const QStringList &cells)
{
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(csvCell(cells.at(i)).toUtf8());
    }
    out.append('\n');
}

QByteArray ResultTable::toCsv() const
{
    QByteArray out;
    appendCsvLine(out, header);
    for (const QStringList &row : rows)
        appendCsvLine(out, row);
    return out;
}

ResultTable ResultTable::fromTable(const Table &table)
{
    ResultTable result;
    for (const std::string &cell : table.header)
        result.header.append(QString::fromStdString(cell));
    for (const auto &row : table.rows) {
        QStringList cells;
        cells.reserve(qsizetype(row.size()));
        for (const std::string &cell : row)
            cells.append(QString::fromStdString(cell));
        result.rows.append(cells);
    }
    return result;
}

RunResult RunResult::failure(const QString &message)
{
    RunResult result;
    result.error = message;
    return result;
}

} // namespace conceptlab
