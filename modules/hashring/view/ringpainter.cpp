// Painting of the circle (ring, ketama, bounded) into the widget's static layer.
#include "ringpainter.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace conceptlab::hashring {

namespace {
    // Qt arcs: angles in 1/16 degree, 0 at 3 o'clock, counter-clockwise; ours are radians
    // clockwise from 12 o'clock.
    void drawArcBetween(QPainter &painter, const QRectF &rect, double from, double to)
    {
        const double startDegrees = 90.0 - from * 180.0 / std::numbers::pi;
        const double spanDegrees = -(to - from) * 180.0 / std::numbers::pi;
        painter.drawArc(rect, static_cast<int>(std::lround(startDegrees * 16)),
            std::min(-1, static_cast<int>(std::lround(spanDegrees * 16))));
    }

    QRectF circleRect(QPointF center, double radius)
    {
        return { center.x() - radius, center.y() - radius, 2 * radius, 2 * radius };
    }
} // namespace

RingPainter::RingPainter(const SceneGeometry &geometry, const QPalette &palette, DotSprites &sprites,
    const std::vector<bool> &animating, bool individually, qreal pixelRatio)
    : m_g(geometry)
    , m_state(*geometry.scene->state)
    , m_palette(palette)
    , m_sprites(sprites)
    , m_animating(animating)
    , m_individually(individually)
    , m_pixelRatio(pixelRatio)
{
}

void RingPainter::paint(QPainter &painter, const RingHighlight &highlight)
{
    const double arcWidth = std::clamp(m_g.radius * 0.05, 6.0, 14.0);
    painter.setPen(QPen(m_palette.color(QPalette::Mid), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(m_g.center, m_g.radius, m_g.radius);
    if (!m_state.pointPositions.empty()) {
        drawArcs(painter, arcWidth);
        drawTicks(painter, arcWidth);
    }
    if (m_individually)
        drawKeyDots(painter);
    else
        drawDensityBand(painter);
    drawWalks(painter);
    drawHighlight(painter, highlight, arcWidth);
    drawCentre(painter);
}

void RingPainter::drawArcs(QPainter &painter, double arcWidth) const
{
    // The arc ending at a point (clockwise) belongs to that point's node.
    const auto &positions = m_state.pointPositions;
    const auto &owners = m_state.pointOwners;
    const QRectF arcRect = circleRect(m_g.center, m_g.radius);
    const auto drawArc = [&](double from, double to, int owner) {
        painter.setPen(QPen(m_g.nodeColor(m_state, owner), arcWidth, Qt::SolidLine, Qt::FlatCap));
        drawArcBetween(painter, arcRect, from, to);
    };
    if (positions.size() <= 6000) {
        // Merge runs of one owner; the first run wraps from the last point.
        const std::size_t n = positions.size();
        std::size_t i = 0;
        double start = m_g.pointAngle(positions[n - 1]) - kTwoPi;
        while (i < n) {
            std::size_t j = i;
            while (j + 1 < n && owners[j + 1] == owners[i])
                ++j;
            const double end = m_g.pointAngle(positions[j]);
            drawArc(start, end, static_cast<int>(owners[i]));
            start = end;
            i = j + 1;
        }
        return;
    }
    // Too many points to draw one by one: the owner at 2048 sample angles.
    constexpr int kBins = 2048;
    for (int b = 0; b < kBins; ++b) {
        const auto h = static_cast<std::uint64_t>((static_cast<double>(b) + 0.5) / kBins * 0x1.0p64);
        auto it = std::lower_bound(positions.begin(), positions.end(), h);
        const std::size_t p = it == positions.end() ? 0 : static_cast<std::size_t>(it - positions.begin());
        drawArc(kTwoPi * b / kBins, kTwoPi * (b + 1) / kBins, static_cast<int>(owners[p]));
    }
}

void RingPainter::drawTicks(QPainter &painter, double arcWidth) const
{
    const auto &positions = m_state.pointPositions;
    if (positions.size() > 3000)
        return;
    for (std::size_t p = 0; p < positions.size(); ++p) {
        const double a = m_g.pointAngle(positions[p]);
        painter.setPen(QPen(m_g.nodeColor(m_state, static_cast<int>(m_state.pointOwners[p])).darker(130), 1.2));
        painter.drawLine(m_g.polar(a, m_g.radius + arcWidth / 2 + 1), m_g.polar(a, m_g.radius + arcWidth / 2 + 7));
    }
}

double RingPainter::keyRadius(std::size_t key) const
{
    const double inner = m_g.radius * 0.80;
    const double band = m_g.radius * 0.16;
    return inner + static_cast<double>(scatter(static_cast<std::uint32_t>(key)) % 1000) / 1000.0 * band;
}

void RingPainter::drawKeyDots(QPainter &painter)
{
    const std::size_t keyCount = m_state.owners.size();
    QMap<int, QList<QPointF>> byColor; // ordered: the same drawing order, so the same pixels, on every run
    QMap<int, QList<QPointF>> movedByColor;
    QList<QPointF> walked;
    for (std::size_t k = 0; k < keyCount; ++k) {
        if (k < m_animating.size() && m_animating[k])
            continue;
        const QPointF at = m_g.polar(m_g.keyAngle(k), keyRadius(k));
        const int color = m_g.colorIndexOf(m_state, m_state.owners[k]);
        if (m_g.isMoved(k)) {
            movedByColor[color].append(at);
            ++m_markedKeys;
        } else {
            byColor[color].append(at);
        }
        if (!m_state.hops.empty() && m_state.hops[k] > 0)
            walked.append(at);
    }
    // Few keys (the defaults) get dots that can be followed one by one.
    const double dotSize = keyCount > 5000 ? 2.6 : keyCount > 1000 ? 3.4 : 4.6;
    for (auto it = byColor.cbegin(); it != byColor.cend(); ++it)
        m_sprites.draw(painter, it.value(), nodePaletteColor(it.key()), dotSize, QColor(), m_pixelRatio);
    // Moved keys keep the outlined look they fly with, on top, until the next step.
    for (auto it = movedByColor.cbegin(); it != movedByColor.cend(); ++it)
        m_sprites.draw(painter, it.value(), nodePaletteColor(it.key()), dotSize * kMovedDotScale,
            m_palette.color(QPalette::Text), m_pixelRatio);
    if (!walked.isEmpty()) {
        painter.setPen(QPen(m_palette.color(QPalette::Text), 0.8));
        painter.setBrush(Qt::NoBrush);
        for (const QPointF &p : walked)
            painter.drawEllipse(p, dotSize, dotSize);
    }
}

void RingPainter::drawDensityBand(QPainter &painter)
{
    // Keys per angular bin, coloured by the bin's most common owner.
    constexpr int kBins = 720;
    const double inner = m_g.radius * 0.80;
    const double band = m_g.radius * 0.16;
    std::vector<int> count(kBins, 0);
    std::vector<QMap<int, int>> owner(kBins); // ordered: ties go to the lowest node on every run
    for (std::size_t k = 0; k < m_state.owners.size(); ++k) {
        const int b = std::min(kBins - 1, static_cast<int>(m_g.keyAngle(k) / kTwoPi * kBins));
        ++count[b];
        ++owner[b][m_state.owners[k]];
    }
    const int most = std::max(1, *std::max_element(count.begin(), count.end()));
    for (int b = 0; b < kBins; ++b) {
        if (!count[b])
            continue;
        int best = 0, bestCount = -1;
        for (auto it = owner[b].cbegin(); it != owner[b].cend(); ++it)
            if (it.value() > bestCount) {
                best = it.key();
                bestCount = it.value();
            }
        const double a = kTwoPi * (b + 0.5) / kBins;
        const double len = band * count[b] / most;
        painter.setPen(
            QPen(m_g.nodeColor(m_state, best), std::max(1.0, kTwoPi * inner / kBins), Qt::SolidLine, Qt::FlatCap));
        painter.drawLine(m_g.polar(a, inner + band - len), m_g.polar(a, inner + band));
    }
    // The keys moved at this step as outlined dots over the band (an even sample when many).
    if (!m_g.moved)
        return;
    constexpr std::size_t kMaxMarked = 1500;
    std::vector<std::uint32_t> moved;
    for (std::size_t k = 0; k < m_state.owners.size(); ++k)
        if (m_g.isMoved(k) && (k >= m_animating.size() || !m_animating[k]))
            moved.push_back(static_cast<std::uint32_t>(k));
    const std::size_t stride = std::max<std::size_t>(1, (moved.size() + kMaxMarked - 1) / kMaxMarked);
    QMap<int, QList<QPointF>> byColor;
    for (std::size_t m = 0; m < moved.size(); m += stride) {
        const std::uint32_t k = moved[m];
        byColor[m_g.colorIndexOf(m_state, m_state.owners[k])].append(m_g.polar(m_g.keyAngle(k), keyRadius(k)));
        ++m_markedKeys;
    }
    for (auto it = byColor.cbegin(); it != byColor.cend(); ++it)
        m_sprites.draw(
            painter, it.value(), nodePaletteColor(it.key()), 3.4, m_palette.color(QPalette::Text), m_pixelRatio);
}

void RingPainter::drawWalks(QPainter &painter) const
{
    // Bounded loads: the walk of overflowing keys (a sample) as thin inner arcs.
    const auto &positions = m_state.pointPositions;
    if (m_state.hops.empty() || !m_individually || positions.empty())
        return;
    const double inner = m_g.radius * 0.80;
    int drawn = 0;
    QColor walk = m_palette.color(QPalette::Text);
    walk.setAlpha(90);
    painter.setPen(QPen(walk, 0.8));
    for (std::size_t k = 0; k < m_state.owners.size() && drawn < 400; ++k) {
        if (m_state.hops[k] == 0)
            continue;
        const double from = m_g.keyAngle(k);
        auto it = std::lower_bound(positions.begin(), positions.end(), m_g.scene->keys->hashes[k]);
        std::size_t p = it == positions.end() ? 0 : static_cast<std::size_t>(it - positions.begin());
        p = (p + m_state.hops[k]) % positions.size();
        double to = m_g.pointAngle(positions[p]);
        if (to < from)
            to += kTwoPi;
        const double r = inner - 6 - static_cast<double>(k % 4) * 3;
        const QRectF walkRect = circleRect(m_g.center, r);
        painter.drawArc(walkRect, static_cast<int>(std::lround((90.0 - from * 180 / std::numbers::pi) * 16)),
            static_cast<int>(std::lround(-(to - from) * 180 / std::numbers::pi * 16)));
        ++drawn;
    }
}

void RingPainter::drawHighlight(QPainter &painter, const RingHighlight &highlight, double arcWidth) const
{
    const QColor halo = m_palette.color(QPalette::Highlight);
    const auto &positions = m_state.pointPositions;
    const auto &owners = m_state.pointOwners;
    if (!highlight.node.isEmpty() && !positions.empty()) {
        // A halo just outside the node's arcs (its arcs end at its points).
        painter.setPen(QPen(halo, 4, Qt::SolidLine, Qt::FlatCap));
        const QRectF rect = circleRect(m_g.center, m_g.radius + arcWidth / 2 + 10);
        for (std::size_t p = 0; p < positions.size(); ++p) {
            const auto owner = static_cast<std::size_t>(owners[p]);
            if (QString::fromStdString(m_state.nodes[owner].name) != highlight.node)
                continue;
            const double end = m_g.pointAngle(positions[p]);
            const double start = p > 0 ? m_g.pointAngle(positions[p - 1]) : m_g.pointAngle(positions.back()) - kTwoPi;
            drawArcBetween(painter, rect, start, end);
        }
    }
    if (highlight.key >= 0 && static_cast<std::size_t>(highlight.key) < m_state.owners.size()) {
        const auto key = static_cast<std::size_t>(highlight.key);
        const QPointF at = m_g.polar(m_g.keyAngle(key), keyRadius(key));
        painter.setPen(QPen(halo, 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(at, 8, 8);
        painter.drawLine(at, m_g.polar(m_g.keyAngle(key), m_g.radius - arcWidth / 2));
    }
}

void RingPainter::drawCentre(QPainter &painter) const
{
    // What the circle is.
    const QColor text = m_palette.color(QPalette::Text);
    const auto pointCount = m_state.pointPositions.size();
    const std::size_t keyCount = m_state.owners.size();
    painter.setPen(text);
    const Strategy strategy = m_g.scene->strategy;
    const QString title = strategy == Strategy::Ketama
        ? tr("ketama continuum\n%1 points (MD5)").arg(pointCount)
        : tr("%1 ring\n%2 points")
              .arg(strategy == Strategy::Bounded ? tr("bounded-load") : tr("consistent-hash"))
              .arg(pointCount);
    QString detail = tr("%1 keys").arg(keyCount);
    if (strategy == Strategy::Bounded) {
        const auto walkedCount = std::count_if(m_state.hops.begin(), m_state.hops.end(), [](auto h) { return h > 0; });
        detail += tr("\ncap %1 keys per node\n%2 keys walked on (circled)").arg(m_state.capacity).arg(walkedCount);
    }
    painter.drawText(QRectF(m_g.center.x() - m_g.radius * 0.7, m_g.center.y() - m_g.radius * 0.35, m_g.radius * 1.4,
                         m_g.radius * 0.7),
        Qt::AlignCenter, title + QLatin1Char('\n') + detail);
}

} // namespace conceptlab::hashring
