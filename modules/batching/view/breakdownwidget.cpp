// Painting of the cost breakdown bars.
#include "breakdownwidget.h"

#include <QPainter>

#include <numeric>

namespace conceptlab::batching {

namespace {

    QString duration(double seconds)
    {
        if (seconds >= 1)
            return QStringLiteral("%1 s").arg(seconds, 0, 'f', 2);
        if (seconds >= 1e-3)
            return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', 2);
        return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', 1);
    }

} // namespace

QColor operationColor(Operation operation)
{
    static const QColor colors[kOperationCount] = {
        QColor(0x1f, 0x77, 0xb4), // QKV
        QColor(0xd6, 0x27, 0x28), // attention
        QColor(0x17, 0xbe, 0xcf), // output projection
        QColor(0x2c, 0xa0, 0x2c), // MLP
        QColor(0xbc, 0xbd, 0x22), // element-wise
        QColor(0x94, 0x67, 0xbd), // KV write
        QColor(0xff, 0x7f, 0x0e), // all-reduce
        QColor(0x8c, 0x56, 0x4b), // embedding
        QColor(0xe3, 0x77, 0xc2), // LM head
        QColor(0x7f, 0x7f, 0x7f), // swap
    };
    return colors[static_cast<std::size_t>(operation)];
}

QString operationLabel(Operation operation)
{
    switch (operation) {
    case Operation::Qkv:
        return QObject::tr("QKV");
    case Operation::Attention:
        return QObject::tr("attention");
    case Operation::OutProjection:
        return QObject::tr("out proj");
    case Operation::Mlp:
        return QObject::tr("MLP");
    case Operation::Elementwise:
        return QObject::tr("norms etc.");
    case Operation::KvWrite:
        return QObject::tr("KV write");
    case Operation::AllReduce:
        return QObject::tr("all-reduce");
    case Operation::Embedding:
        return QObject::tr("embedding");
    case Operation::LmHead:
        return QObject::tr("LM head");
    case Operation::Swap:
        return QObject::tr("swap");
    }
    return {};
}

BreakdownWidget::BreakdownWidget(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("GPU time by operation (per-operation cost model): the iteration that ended at the cursor, "
                  "and the whole run"));
}

QSize BreakdownWidget::sizeHint() const
{
    return { 480, fontMetrics().height() * 4 + 14 };
}

QSize BreakdownWidget::minimumSizeHint() const
{
    return { 200, fontMetrics().height() * 4 + 14 };
}

void BreakdownWidget::setBreakdown(const OperationSeconds &iteration, const OperationSeconds &run, CostFormula formula)
{
    m_iteration = iteration;
    m_run = run;
    m_formula = formula;
    m_empty = false;
    update();
}

void BreakdownWidget::clear()
{
    m_empty = true;
    update();
}

void BreakdownWidget::paintEvent(QPaintEvent * /*event*/)
{
    QPainter painter(this);
    paintContent(painter, size());
}

void BreakdownWidget::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    figure::paintScaled(
        painter, rect, font(), style.small, [this](QPainter &scaled, QSize size) { paintContent(scaled, size); });
}

void BreakdownWidget::paintContent(QPainter &painter, QSize size) const
{
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetrics metrics = fontMetrics();
    const int line = metrics.height();
    if (m_empty)
        return;
    if (m_formula == CostFormula::Roofline) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(4, 0, size.width() - 8, line * 2), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
            tr("Cost breakdown: none with the roofline cost model (one max(compute, memory) per iteration)."));
        return;
    }
    const QString titles[2] = { tr("this iteration"), tr("whole run") };
    const OperationSeconds *rows[2] = { &m_iteration, &m_run };
    int labelWidth = 0;
    double totals[2] = { 0, 0 };
    QString labels[2];
    for (int row = 0; row < 2; ++row) {
        totals[row] = std::accumulate(rows[row]->begin(), rows[row]->end(), 0.0);
        labels[row] = QStringLiteral("%1 %2").arg(titles[row], duration(totals[row]));
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(labels[row]));
    }
    const int barLeft = 4 + labelWidth + 8;
    const int barWidth = std::max(20, size.width() - barLeft - 4);
    for (int row = 0; row < 2; ++row) {
        const int top = 2 + row * (line + 3);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(4, top, labelWidth, line), Qt::AlignLeft | Qt::AlignVCenter, labels[row]);
        const QRect bar(barLeft, top + 1, barWidth, line - 2);
        painter.fillRect(bar, palette().color(QPalette::AlternateBase));
        if (totals[row] <= 0)
            continue;
        double x = bar.left();
        for (std::size_t op = 0; op < kOperationCount; ++op) {
            const double share = (*rows[row])[op] / totals[row];
            const double w = share * bar.width();
            if (w <= 0)
                continue;
            const QRectF segment(x, bar.top(), w, bar.height());
            painter.fillRect(segment, operationColor(static_cast<Operation>(op)));
            // The share inside the segment when it fits.
            const QString percent = QStringLiteral("%1%").arg(100 * share, 0, 'f', 0);
            if (metrics.horizontalAdvance(percent) + 4 < w) {
                painter.setPen(Qt::white);
                painter.drawText(segment, Qt::AlignCenter, percent);
            }
            x += w;
        }
    }
    // Legend of the operations that took time in the run, wrapping onto a second line.
    int x = 4;
    int y = 2 + 2 * (line + 3) + 2;
    for (std::size_t op = 0; op < kOperationCount; ++op) {
        if (m_run[op] <= 0 && m_iteration[op] <= 0)
            continue;
        const QString text = operationLabel(static_cast<Operation>(op));
        const int itemWidth = line - 4 + 4 + metrics.horizontalAdvance(text) + 12;
        if (x + itemWidth > size.width() && x > 4) {
            x = 4;
            y += line;
        }
        painter.fillRect(QRect(x, y + 2, line - 4, line - 4), operationColor(static_cast<Operation>(op)));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(x + line, y, itemWidth, line), Qt::AlignLeft | Qt::AlignVCenter, text);
        x += itemWidth;
    }
}

} // namespace conceptlab::batching
