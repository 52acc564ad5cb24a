// Painting of the node columns (modulo, jump, rendezvous, maglev) into the widget's static layer.
#include "bucketpainter.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace conceptlab::hashring {

BucketPainter::BucketPainter(
    const SceneGeometry &geometry, const QPalette &palette, const std::vector<bool> &animating, bool individually)
    : m_g(geometry)
    , m_state(*geometry.scene->state)
    , m_palette(palette)
    , m_animating(animating)
    , m_individually(individually)
    , m_columns(static_cast<int>(m_state.nodes.size()))
{
    for (auto c : m_state.counts)
        m_most = std::max(m_most, c);
}

std::vector<QRectF> BucketPainter::paint(QPainter &painter, const RingHighlight &highlight)
{
    std::vector<QRectF> columnRects;
    for (int c = 0; c < m_columns; ++c) {
        const QRectF rect = m_g.columnRect(c, m_columns);
        columnRects.push_back(rect);
        QColor tint = m_g.nodeColor(m_state, c);
        tint.setAlpha(28);
        painter.fillRect(rect, tint);
    }
    drawKeys(painter);
    drawIdealLine(painter);
    drawLabels(painter);
    drawMaglevTable(painter);
    drawHighlight(painter, highlight);
    return columnRects;
}

void BucketPainter::drawKeys(QPainter &painter)
{
    const QColor outline = m_palette.color(QPalette::Text);
    if (!m_individually) {
        // Bars; the keys that moved in at this step are the hatched top of their new column.
        std::vector<std::int64_t> movedIn(static_cast<std::size_t>(m_columns), 0);
        for (std::size_t k = 0; k < m_state.owners.size(); ++k)
            if (m_g.isMoved(k) && (k >= m_animating.size() || !m_animating[k]))
                ++movedIn[static_cast<std::size_t>(m_state.owners[k])];
        for (int c = 0; c < m_columns; ++c) {
            const QRectF rect = m_g.columnRect(c, m_columns);
            const auto column = static_cast<std::size_t>(c);
            const double h = rect.height() * static_cast<double>(m_state.counts[column]) / m_most;
            painter.fillRect(QRectF(rect.left(), rect.bottom() - h, rect.width(), h), m_g.nodeColor(m_state, c));
            if (movedIn[column] == 0)
                continue;
            const double hm = rect.height() * static_cast<double>(movedIn[column]) / m_most;
            const QRectF top(rect.left(), rect.bottom() - h, rect.width(), hm);
            painter.fillRect(top, QBrush(outline, Qt::BDiagPattern));
            painter.setPen(QPen(outline, 1));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(top);
            m_markedKeys += static_cast<int>(movedIn[column]);
        }
        return;
    }
    std::vector<std::int64_t> fill(static_cast<std::size_t>(m_columns), 0);
    QMap<int, QList<QPointF>> byColor; // ordered: the same drawing order, so the same pixels, on every run
    QMap<int, QList<QPointF>> movedByColor;
    for (std::size_t k = 0; k < m_state.owners.size(); ++k) {
        const int owner = m_state.owners[k];
        const auto rank = fill[static_cast<std::size_t>(owner)]++;
        if (k < m_animating.size() && m_animating[k])
            continue;
        const QPointF at = m_g.bucketSlot(m_state, owner, rank);
        if (m_g.isMoved(k)) {
            movedByColor[m_g.colorIndexOf(m_state, owner)].append(at);
            ++m_markedKeys;
        } else {
            byColor[m_g.colorIndexOf(m_state, owner)].append(at);
        }
    }
    const QPointF a = m_g.bucketSlot(m_state, 0, 0), b = m_g.bucketSlot(m_state, 0, 1);
    const double pitch = std::max(1.0, std::abs(b.x() - a.x()) > 0 ? std::abs(b.x() - a.x()) : 3.0);
    // Square dots, drawn unantialiased: fillRect is fast for many thousands.
    painter.setRenderHint(QPainter::Antialiasing, false);
    const double side = std::max(1.0, pitch * 0.72);
    for (auto it = byColor.cbegin(); it != byColor.cend(); ++it) {
        const QColor color = nodePaletteColor(it.key());
        for (const QPointF &p : it.value())
            painter.fillRect(QRectF(p.x() - side / 2, p.y() - side / 2, side, side), color);
    }
    // Keys moved at this step: the whole slot with an outline (dark when the slots are tiny),
    // until the next step.
    const double movedSide = std::max(1.0, pitch * 0.92);
    for (auto it = movedByColor.cbegin(); it != movedByColor.cend(); ++it) {
        const QColor color = nodePaletteColor(it.key());
        for (const QPointF &p : it.value()) {
            const QRectF slot(p.x() - movedSide / 2, p.y() - movedSide / 2, movedSide, movedSide);
            if (movedSide >= 4) {
                painter.fillRect(slot, color);
                painter.setPen(QPen(outline, 1));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(slot.adjusted(0.5, 0.5, -0.5, -0.5));
            } else {
                painter.fillRect(slot, color.darker(190));
            }
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
}

void BucketPainter::drawIdealLine(QPainter &painter) const
{
    // Ideal load: keys / nodes as a dashed line.
    const double mean = static_cast<double>(m_state.owners.size()) / std::max(1, m_columns);
    const QRectF area = m_g.bucketArea();
    double idealY = area.bottom() - area.height() * mean / static_cast<double>(m_most);
    if (m_individually && m_columns > 0)
        idealY = m_g.bucketSlot(m_state, 0, static_cast<std::int64_t>(mean)).y(); // the row holding the mean-th key
    painter.setPen(QPen(m_palette.color(QPalette::Text), 1, Qt::DashLine));
    painter.drawLine(QPointF(area.left(), idealY), QPointF(area.right() + 4, idealY));
    // The label in the margin kept free right of the columns, never over a key.
    painter.save();
    painter.setFont(idealLabelFont(painter.font()));
    const double lineHeight = painter.fontMetrics().height();
    painter.drawText(QRectF(area.right() + 6, idealY - lineHeight, m_g.idealLabelWidth - 6, 2 * lineHeight),
        Qt::AlignLeft | Qt::AlignVCenter, idealLabel(mean));
    painter.restore();
}

QString BucketPainter::idealLabel(double meanKeys)
{
    return tr("ideal\n%1 keys").arg(meanKeys, 0, 'f', 0);
}

QFont BucketPainter::idealLabelFont(const QFont &base)
{
    QFont small = base;
    small.setPointSizeF(base.pointSizeF() * 0.85);
    return small;
}

void BucketPainter::drawLabels(QPainter &painter) const
{
    // Name (and bucket number for jump and modulo) below each column, count above.
    const QRectF area = m_g.bucketArea();
    painter.setPen(m_palette.color(QPalette::Text));
    const Strategy strategy = m_g.scene->strategy;
    for (int c = 0; c < m_columns && m_columns <= 64; ++c) {
        const QRectF rect = m_g.columnRect(c, m_columns);
        QString label = QString::fromStdString(m_state.nodes[static_cast<std::size_t>(c)].name);
        if (strategy == Strategy::Jump || strategy == Strategy::Modulo)
            label += QLatin1Char('\n') + tr("#%1").arg(c);
        painter.drawText(
            QRectF(rect.left() - 8, rect.bottom() + 2, rect.width() + 16, 36), Qt::AlignHCenter | Qt::AlignTop, label);
        painter.drawText(QRectF(rect.left() - 8, area.top() - 20, rect.width() + 16, 18),
            Qt::AlignHCenter | Qt::AlignBottom, QString::number(m_state.counts[static_cast<std::size_t>(c)]));
    }
}

void BucketPainter::drawMaglevTable(QPainter &painter) const
{
    // Maglev's lookup table as a strip: one pixel column per table range.
    if (m_g.scene->strategy != Strategy::Maglev || m_state.maglevTable.empty())
        return;
    const QRectF area = m_g.bucketArea();
    const QRectF strip(area.left(), m_g.size.height() - 34, area.width(), 16);
    const auto tableSize = static_cast<double>(m_state.maglevTable.size());
    const int pixels = std::max(1, static_cast<int>(strip.width()));
    for (int x = 0; x < pixels; ++x) {
        const auto tableIndex = static_cast<std::size_t>(x / static_cast<double>(pixels) * tableSize);
        painter.fillRect(QRectF(strip.left() + x, strip.top(), 1.0, strip.height()),
            m_g.nodeColor(m_state, m_state.maglevTable[tableIndex]));
    }
    painter.setPen(m_palette.color(QPalette::Text));
    painter.drawText(QPointF(strip.left(), strip.top() - 4),
        tr("maglev lookup table: %1 slots (a key uses slot hash mod M)").arg(m_state.maglevTable.size()));
}

void BucketPainter::drawHighlight(QPainter &painter, const RingHighlight &highlight) const
{
    const QColor halo = m_palette.color(QPalette::Highlight);
    painter.setBrush(Qt::NoBrush);
    for (int c = 0; c < m_columns && !highlight.node.isEmpty(); ++c)
        if (QString::fromStdString(m_state.nodes[static_cast<std::size_t>(c)].name) == highlight.node) {
            painter.setPen(QPen(halo, 3));
            painter.drawRect(m_g.columnRect(c, m_columns).adjusted(-3, -3, 3, 3));
        }
    if (highlight.key < 0 || static_cast<std::size_t>(highlight.key) >= m_state.owners.size())
        return;
    // The key's slot: its rank among the keys of its column.
    const auto key = static_cast<std::size_t>(highlight.key);
    const int owner = m_state.owners[key];
    std::int64_t rank = 0;
    for (std::size_t k = 0; k < key; ++k)
        rank += m_state.owners[k] == owner;
    const QPointF at
        = m_individually ? m_g.bucketSlot(m_state, owner, rank) : m_g.columnRect(owner, m_columns).center();
    painter.setPen(QPen(halo, 2.5));
    painter.drawEllipse(at, 8, 8);
}

} // namespace conceptlab::hashring
