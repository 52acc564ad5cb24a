// Painting of the KV-memory strip.
#include "kvstripwidget.h"

#include "batchingtimeline.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace conceptlab::batching {

KvStripWidget::KvStripWidget(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize KvStripWidget::sizeHint() const
{
    return { 480, fontMetrics().height() * 2 + 30 };
}

QSize KvStripWidget::minimumSizeHint() const
{
    return { 120, fontMetrics().height() * 2 + 30 };
}

void KvStripWidget::setState(
    std::int64_t capacityTokens, int blockSizeTokens, std::vector<LiveSequence> sequences, double timeSeconds)
{
    m_capacity = capacityTokens;
    m_blockSize = blockSizeTokens;
    m_sequences = std::move(sequences);
    std::sort(m_sequences.begin(), m_sequences.end(),
        [](const LiveSequence &a, const LiveSequence &b) { return a.slot < b.slot; });
    m_time = timeSeconds;
    update();
}

void KvStripWidget::setHighlightRequest(int request)
{
    m_highlightRequest = request;
    update();
}

void KvStripWidget::clear()
{
    m_sequences.clear();
    m_capacity = 0;
    update();
}

QRectF KvStripWidget::barRect(QSize size) const
{
    const int top = fontMetrics().height() + 8;
    return QRectF(4, top, size.width() - 8, size.height() - top - 6);
}

void KvStripWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintContent(painter, size());
}

void KvStripWidget::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    figure::paintScaled(
        painter, rect, font(), style.small, [this](QPainter &scaled, QSize size) { paintContent(scaled, size); });
}

void KvStripWidget::paintContent(QPainter &painter, QSize size) const
{
    const QPalette pal = palette();
    const QRectF bar = barRect(size);
    const QLocale locale;
    std::int64_t stored = 0;
    std::int64_t reserved = 0;
    for (const LiveSequence &sequence : m_sequences) {
        stored += sequence.storedTokens;
        reserved += sequence.reservedTokens;
    }
    QString title;
    if (m_capacity > 0) {
        title = tr("KV cache at %1 s: %2 stored, %3 %4 / %5 tokens (%6%) · %7 sequences")
                    .arg(m_time, 0, 'f', 3)
                    .arg(locale.toString(stored))
                    .arg(locale.toString(reserved))
                    .arg(m_blockSize > 0 ? tr("in blocks") : tr("reserved"))
                    .arg(locale.toString(m_capacity))
                    .arg(100.0 * static_cast<double>(reserved) / static_cast<double>(m_capacity), 0, 'f', 0)
                    .arg(m_sequences.size());
    } else {
        title = tr("KV cache");
    }
    painter.setPen(pal.color(QPalette::WindowText));
    painter.drawText(QRectF(4, 2, size.width() - 8, fontMetrics().height() + 4), Qt::AlignLeft | Qt::AlignVCenter,
        fontMetrics().elidedText(title, Qt::ElideRight, size.width() - 8));

    painter.fillRect(bar, pal.color(QPalette::Base));
    if (m_capacity > 0) {
        const double perToken = bar.width() / static_cast<double>(m_capacity);
        double x = bar.left();
        for (const LiveSequence &sequence : m_sequences) {
            const double reservedWidth = static_cast<double>(sequence.reservedTokens) * perToken;
            const double storedWidth = static_cast<double>(sequence.storedTokens) * perToken;
            painter.fillRect(QRectF(x, bar.top(), reservedWidth, bar.height()), phaseBrush(Phase::Reserved));
            painter.fillRect(QRectF(x, bar.top(), storedWidth, bar.height()),
                phaseBrush(sequence.prefilling ? Phase::Prefill : Phase::Decode));
            if (m_blockSize > 0 && m_blockSize * perToken >= 4) {
                painter.setPen(QPen(pal.color(QPalette::Base), 1));
                for (double edge = x + m_blockSize * perToken; edge < x + reservedWidth - 0.5;
                     edge += m_blockSize * perToken)
                    painter.drawLine(QPointF(edge, bar.top()), QPointF(edge, bar.bottom()));
            }
            if (reservedWidth >= 2) {
                painter.setPen(QPen(pal.color(QPalette::Base), 1));
                painter.drawLine(QPointF(x + reservedWidth, bar.top()), QPointF(x + reservedWidth, bar.bottom()));
            }
            if (sequence.request == m_highlightRequest) {
                painter.setPen(QPen(highlightColor(), 3));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(QRectF(x, bar.top(), std::max(2.0, reservedWidth), bar.height()));
            }
            x += reservedWidth;
        }
    }
    painter.setPen(pal.color(QPalette::Mid));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
}

bool KvStripWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_capacity > 0) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QRectF bar = barRect(size());
        const double perToken = bar.width() / static_cast<double>(m_capacity);
        double x = bar.left();
        for (const LiveSequence &sequence : m_sequences) {
            const double width = static_cast<double>(sequence.reservedTokens) * perToken;
            if (help->pos().x() >= x && help->pos().x() < x + width && bar.contains(help->pos())) {
                QToolTip::showText(help->globalPos(),
                    tr("request %1 in slot %2: %3 tokens stored, %4 %5%6")
                        .arg(sequence.request)
                        .arg(sequence.slot)
                        .arg(sequence.storedTokens)
                        .arg(m_blockSize > 0 ? sequence.reservedTokens / m_blockSize : sequence.reservedTokens)
                        .arg(m_blockSize > 0 ? tr("blocks") : tr("tokens reserved"))
                        .arg(sequence.prefilling ? tr(" (prefilling)") : QString()),
                    this);
                return true;
            }
            x += width;
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace conceptlab::batching
