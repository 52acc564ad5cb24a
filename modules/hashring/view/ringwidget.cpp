// Painting of the ring and bucket views, with a cached static layer and animated moving keys.
#include "ringwidget.h"

#include "bucketpainter.h"
#include "ringpainter.h"

#include <QFontInfo>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace conceptlab::hashring {

namespace {
    constexpr std::size_t kMaxIndividualKeys = 20000;
    constexpr std::size_t kMaxAnimatedKeys = 4000;
    constexpr int kAnimationMs = 1100;

    double smoothstep(double t)
    {
        return t * t * (3 - 2 * t);
    }

    QString percent(double fraction)
    {
        return QString::number(fraction * 100, 'f', fraction < 0.1 ? 2 : 1) + QLatin1Char('%');
    }
} // namespace

RingWidget::RingWidget(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_frameTimer.setInterval(16);
    connect(&m_frameTimer, &QTimer::timeout, this, &RingWidget::animationTick);
}

void RingWidget::setColorIndices(QHash<QString, int> indices)
{
    m_colorIndex = std::move(indices);
}

void RingWidget::setMessage(const QString &message)
{
    m_message = message;
    renderStatic();
    update();
}

void RingWidget::setHighlight(const QString &node, std::int64_t key)
{
    if (m_highlight.node == node && m_highlight.key == key)
        return;
    m_highlight = { node, key };
    renderStatic();
    update();
}

void RingWidget::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    update();
}

void RingWidget::setScene(Scene scene, bool animate)
{
    m_scene = std::move(scene);
    m_message.clear();
    m_movedMask.assign(m_scene.state ? m_scene.state->owners.size() : 0, false);
    if (m_scene.movedKeys)
        for (std::uint32_t k : *m_scene.movedKeys)
            if (k < m_movedMask.size())
                m_movedMask[k] = true;
    // Hidden (e.g. rendered offscreen for an export): draw the final state at once.
    m_progress = animate && m_scene.previous && isVisible() ? 0.0 : 1.0;
    layoutDots();
    renderStatic();
    if (m_progress < 1.0) {
        m_clock.start();
        m_frameTimer.start();
    } else {
        m_frameTimer.stop();
    }
    update();
}

bool RingWidget::ringMode() const
{
    return hasRing(m_scene.strategy);
}

void RingWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutDots();
    renderStatic();
}

SceneGeometry RingWidget::geometryFor(QSize size) const
{
    // The legend column is as wide as its longest line needs (within limits).
    int legendWidth = 150;
    if (m_scene.state) {
        const QFontMetrics metrics(font());
        int widest = 0;
        for (std::size_t i = 0; i < m_scene.state->nodes.size() && i < 64; ++i)
            widest = std::max(widest,
                metrics.horizontalAdvance(QStringLiteral("%1 · %2 · %3")
                                              .arg(QString::fromStdString(m_scene.state->nodes[i].name))
                                              .arg(m_scene.state->counts[i])
                                              .arg(m_scene.state->pointsPerNode[i])));
        legendWidth = std::clamp(widest * 9 / 10 + 36, 150, std::max(150, size.width() / 4));
    }
    const double areaTop = kHeaderHeight;
    const double areaLeft = legendWidth;
    SceneGeometry geometry;
    geometry.scene = &m_scene;
    geometry.colorIndex = &m_colorIndex;
    geometry.moved = &m_movedMask;
    geometry.size = size;
    geometry.legendWidth = legendWidth;
    if (m_scene.state && !ringMode() && !m_scene.state->nodes.empty()) {
        const QFontMetrics small(BucketPainter::idealLabelFont(font()));
        const double mean
            = static_cast<double>(m_scene.state->owners.size()) / static_cast<double>(m_scene.state->nodes.size());
        int widest = 0;
        for (const QString &line : BucketPainter::idealLabel(mean).split(QLatin1Char('\n')))
            widest = std::max(widest, small.horizontalAdvance(line));
        geometry.idealLabelWidth = widest + 10;
    }
    geometry.center = QPointF(areaLeft + (size.width() - areaLeft) / 2.0, areaTop + (size.height() - areaTop) / 2.0);
    geometry.radius = std::max(40.0, std::min(size.width() - areaLeft, size.height() - areaTop) / 2.0 - 46);
    return geometry;
}

void RingWidget::layoutDots()
{
    m_geometry = geometryFor(size());
    m_moving.clear();
    if (!m_scene.state || !m_scene.keys)
        return;
    const TimelineState &state = *m_scene.state;
    const std::size_t keyCount = state.owners.size();
    if (m_progress >= 1.0 || !m_scene.previous)
        return;
    const TimelineState &previous = *m_scene.previous;
    if (previous.owners.size() != keyCount || !m_scene.animatedKeys)
        return;
    const std::vector<std::uint32_t> &moved = *m_scene.animatedKeys;
    // Many moves: animate an even sample of them.
    const std::size_t stride = std::max<std::size_t>(1, (moved.size() + kMaxAnimatedKeys - 1) / kMaxAnimatedKeys);
    if (ringMode())
        layoutMovingOnRing(moved, stride);
    else
        layoutMovingInBuckets(moved, stride);
}

void RingWidget::layoutMovingOnRing(const std::vector<std::uint32_t> &moved, std::size_t stride)
{
    const TimelineState &state = *m_scene.state;
    const TimelineState &previous = *m_scene.previous;
    const SceneGeometry &g = m_geometry;
    const double inner = g.radius * 0.80;
    const double band = g.radius * 0.16;
    for (std::size_t m = 0; m < moved.size(); m += stride) {
        const std::uint32_t k = moved[m];
        const double angle = g.keyAngle(k);
        const double r = inner + static_cast<double>(scatter(k) % 1000) / 1000.0 * band;
        KeyDot dot;
        dot.key = k;
        dot.from = g.polar(angle, r);
        // The dot visits the point that now owns it, then returns to its place.
        double ownerAngle = angle;
        if (!state.pointPositions.empty()) {
            const std::uint64_t h = m_scene.strategy == Strategy::Ketama
                ? static_cast<std::uint64_t>(m_scene.keys->ketamaPoints[k]) << 32
                : m_scene.keys->hashes[k];
            auto it = std::lower_bound(state.pointPositions.begin(), state.pointPositions.end(), h);
            if (it == state.pointPositions.end())
                it = state.pointPositions.begin();
            ownerAngle = g.pointAngle(*it);
        }
        dot.to = g.polar(ownerAngle, g.radius + 2);
        dot.colorFrom = g.colorIndexOf(previous, previous.owners[k]);
        dot.colorTo = g.colorIndexOf(state, state.owners[k]);
        m_moving.push_back(dot);
    }
}

void RingWidget::layoutMovingInBuckets(const std::vector<std::uint32_t> &moved, std::size_t stride)
{
    // Every moved key flies from its slot in the previous layout to its new slot.
    const TimelineState &state = *m_scene.state;
    const TimelineState &previous = *m_scene.previous;
    const std::size_t keyCount = state.owners.size();
    std::vector<std::int64_t> rankBefore(keyCount), rankAfter(keyCount);
    std::vector<std::int64_t> fill(previous.nodes.size(), 0);
    for (std::size_t k = 0; k < keyCount; ++k)
        rankBefore[k] = fill[static_cast<std::size_t>(previous.owners[k])]++;
    std::vector<std::int64_t> fillAfter(state.nodes.size(), 0);
    for (std::size_t k = 0; k < keyCount; ++k)
        rankAfter[k] = fillAfter[static_cast<std::size_t>(state.owners[k])]++;
    for (std::size_t m = 0; m < moved.size(); m += stride) {
        const std::uint32_t k = moved[m];
        KeyDot dot;
        dot.key = k;
        dot.from = m_geometry.bucketSlot(previous, previous.owners[k], rankBefore[k]);
        dot.to = m_geometry.bucketSlot(state, state.owners[k], rankAfter[k]);
        dot.colorFrom = m_geometry.colorIndexOf(previous, previous.owners[k]);
        dot.colorTo = m_geometry.colorIndexOf(state, state.owners[k]);
        m_moving.push_back(dot);
    }
}

void RingWidget::renderStatic()
{
    const qreal ratio = devicePixelRatioF();
    m_static = QPixmap(size() * ratio);
    m_static.setDevicePixelRatio(ratio);
    m_static.fill(palette().color(QPalette::Base));
    QPainter painter(&m_static);
    painter.setRenderHint(QPainter::Antialiasing);
    m_hits = {};
    std::vector<bool> animating(m_scene.state ? m_scene.state->owners.size() : 0, false);
    if (m_progress < 1.0)
        for (const KeyDot &dot : m_moving)
            animating[dot.key] = true;
    m_markedKeys = paintDrawing(painter, m_geometry, m_sprites, ratio, animating, &m_hits);
}

int RingWidget::paintDrawing(QPainter &painter, const SceneGeometry &geometry, DotSprites &sprites, qreal ratio,
    const std::vector<bool> &animating, Hits *hits) const
{
    const QRectF all(QPointF(0, 0), QSizeF(geometry.size));
    if (!m_message.isEmpty() || !m_scene.state || !m_scene.keys) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(all.adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
            m_message.isEmpty() ? tr("Computing…") : m_message);
        return 0;
    }
    const bool individually = m_scene.state->owners.size() <= kMaxIndividualKeys;
    int marked = 0;
    if (ringMode()) {
        RingPainter ring(geometry, palette(), sprites, animating, individually, ratio);
        ring.paint(painter, m_highlight);
        marked = ring.markedKeys();
    } else {
        BucketPainter buckets(geometry, palette(), animating, individually);
        std::vector<QRectF> columns = buckets.paint(painter, m_highlight);
        marked = buckets.markedKeys();
        if (hits)
            hits->columnRects = std::move(columns);
    }
    drawLegend(painter, geometry, hits);
    drawHeader(painter, geometry);
    return marked;
}

void RingWidget::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    // The widget's drawing at a size whose text, magnified, is as large as the figure's.
    const double scale = std::clamp(style.textPx / std::max(6, QFontInfo(font()).pixelSize()), 0.5, 4.0);
    const QSize logical = (rect.size() / scale).toSize();
    SceneGeometry geometry = geometryFor(logical);
    DotSprites sprites;
    sprites.setVector(true);
    painter.save();
    painter.translate(rect.topLeft());
    painter.scale(scale, scale);
    painter.setFont(font());
    painter.setRenderHint(QPainter::Antialiasing);
    const std::vector<bool> animating(m_scene.state ? m_scene.state->owners.size() : 0, false);
    paintDrawing(painter, geometry, sprites, 1.0, animating, nullptr);
    painter.restore();
}

void RingWidget::drawLegend(QPainter &painter, const SceneGeometry &geometry, Hits *hits) const
{
    const TimelineState &state = *m_scene.state;
    const int legendWidth = geometry.legendWidth;
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    painter.setFont(font);
    const int rowHeight = 18;
    const int rows = std::max(1, (geometry.size.height() - kHeaderHeight - 24) / rowHeight);
    const bool movedEntry = m_scene.movedKeys && !m_scene.movedKeys->empty();
    const int shown = std::min(static_cast<int>(state.nodes.size()), rows - (movedEntry ? 6 : 3));
    double y = kHeaderHeight + 8;
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QPointF(10, y + 12),
        tr("node · keys · %1")
            .arg(m_scene.strategy == Strategy::Maglev ? tr("slots")
                    : ringMode()                      ? tr("points")
                                                      : tr("weight")));
    y += rowHeight;
    for (int i = 0; i < shown; ++i) {
        const QRectF row(6, y, legendWidth - 10, rowHeight);
        painter.fillRect(QRectF(10, y + 4, 10, 10), geometry.nodeColor(state, i));
        const auto &node = state.nodes[static_cast<std::size_t>(i)];
        const QString extra = ringMode() || m_scene.strategy == Strategy::Maglev
            ? QString::number(state.pointsPerNode[static_cast<std::size_t>(i)])
            : QString::number(node.weight, 'g', 3);
        const QString line = QStringLiteral("%1 · %2 · %3")
                                 .arg(QString::fromStdString(node.name))
                                 .arg(state.counts[static_cast<std::size_t>(i)])
                                 .arg(extra);
        painter.drawText(QRectF(26, y, legendWidth - 26, rowHeight), Qt::AlignVCenter | Qt::AlignLeft,
            painter.fontMetrics().elidedText(line, Qt::ElideRight, legendWidth - 28));
        if (QString::fromStdString(node.name) == m_highlight.node) {
            painter.save();
            painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(row.adjusted(1, 1, -1, -1));
            painter.restore();
        }
        if (hits) {
            hits->legendRects.push_back(row);
            hits->legendNames.push_back(QString::fromStdString(node.name));
        }
        y += rowHeight;
    }
    if (shown < static_cast<int>(state.nodes.size())) {
        painter.drawText(QPointF(10, y + 12), tr("… and %1 more").arg(static_cast<int>(state.nodes.size()) - shown));
        y += rowHeight;
    }
    // The balance of the counts above.
    if (y + 2 * rowHeight < geometry.size.height()) {
        painter.drawText(QRectF(10, y + 4, legendWidth - 12, 2 * rowHeight), Qt::AlignTop | Qt::AlignLeft,
            tr("max/mean %1\nσ %2 keys").arg(state.stats.maxOverMean, 0, 'f', 3).arg(state.stats.stddev, 0, 'f', 1));
        y += 2 * rowHeight + 4;
    }
    if (!movedEntry)
        return;
    // What the outlined keys are: the sample drawn as the keys are.
    y += 6;
    const QPointF sample(15, y + rowHeight / 2.0);
    painter.save();
    painter.setPen(QPen(palette().color(QPalette::Text), 1));
    painter.setBrush(geometry.nodeColor(state, 0));
    if (ringMode())
        painter.drawEllipse(sample, 3.7, 3.7);
    else
        painter.drawRect(QRectF(sample - QPointF(4, 4), QSizeF(8, 8)));
    painter.restore();
    painter.drawText(QRectF(26, y, legendWidth - 26, 3 * rowHeight), Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap,
        m_scene.movedKeys->size() == 1 ? tr("outlined: the key moved at this step")
                                       : tr("outlined: the %1 keys moved at this step").arg(m_scene.movedKeys->size()));
}

void RingWidget::drawHeader(QPainter &painter, const SceneGeometry &geometry) const
{
    const int width = geometry.size.width();
    const TimelineState &state = *m_scene.state;
    const QFont base = this->font();
    QFont bold = base;
    bold.setBold(true);
    bold.setPointSizeF(base.pointSizeF() * 1.1);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::Text));
    QString title = tr("%1 · step %2 of %3")
                        .arg(QString::fromUtf8(strategyName(m_scene.strategy).data()))
                        .arg(m_scene.step)
                        .arg(m_scene.stepCount);
    const QString node = QString::fromStdString(state.event.node);
    switch (state.event.kind) {
    case EventKind::Add:
        title += tr(" · %1 joined").arg(node);
        break;
    case EventKind::Remove:
        title += tr(" · %1 left").arg(node);
        break;
    case EventKind::Reweight:
        title += tr(" · %1 now has weight %2").arg(node).arg(state.event.weight, 0, 'g', 4);
        break;
    case EventKind::None:
        title += tr(" · %1 nodes, %2 keys").arg(state.nodes.size()).arg(state.owners.size());
        break;
    }
    painter.drawText(QRectF(10, 6, width - 20, 24), Qt::AlignLeft | Qt::AlignVCenter, title);
    painter.setFont(base);
    // The moves of this step; the load balance is in the legend, under the counts it sums up.
    const QString line = state.event.kind == EventKind::None
        ? tr("no event yet: step forward to see which keys move")
        : tr("moved %1 keys (%2) · ideal %3 · hash mod n would move %4")
              .arg(state.moved)
              .arg(percent(state.movedFraction), percent(state.idealFraction), percent(state.moduloMovedFraction));
    painter.drawText(QRectF(10, 30, width - 20, 22), Qt::AlignLeft | Qt::AlignVCenter,
        painter.fontMetrics().elidedText(line, Qt::ElideRight, width - 20));
    if (m_busy) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRectF(10, 6, width - 20, 24), Qt::AlignRight | Qt::AlignVCenter, tr("computing…"));
    }
}

void RingWidget::animationTick()
{
    m_progress = std::min(1.0, m_clock.elapsed() / static_cast<double>(kAnimationMs));
    if (m_progress >= 1.0) {
        m_frameTimer.stop();
        m_moving.clear();
        renderStatic();
    }
    update();
}

void RingWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (m_static.size() != size() * devicePixelRatioF())
        renderStatic();
    painter.drawPixmap(0, 0, m_static);
    if (m_busy && !m_scene.state) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(rect(), Qt::AlignCenter, tr("Computing…"));
    }
    if (m_progress >= 1.0 || m_moving.empty())
        return;
    painter.setRenderHint(QPainter::Antialiasing);
    const bool bounce = ringMode();
    const double t = m_progress;
    const double along = bounce ? std::sin(std::numbers::pi * smoothstep(t)) : smoothstep(t);
    const bool arrived = t >= 0.5;
    QHash<int, QList<QPointF>> byColor;
    for (const KeyDot &dot : m_moving) {
        const QPointF at = dot.from + (dot.to - dot.from) * along;
        byColor[arrived ? dot.colorTo : dot.colorFrom].append(at);
    }
    const double size = m_moving.size() > 1500 ? 4.0 : 5.5;
    for (auto it = byColor.cbegin(); it != byColor.cend(); ++it)
        m_sprites.draw(painter, it.value(), nodePaletteColor(it.key()), size, palette().color(QPalette::Text),
            devicePixelRatioF());
}

void RingWidget::mousePressEvent(QMouseEvent *event)
{
    const QPointF at = event->position();
    for (std::size_t i = 0; i < m_hits.legendRects.size(); ++i)
        if (m_hits.legendRects[i].contains(at)) {
            Q_EMIT nodeClicked(m_hits.legendNames[i]);
            return;
        }
    if (!m_scene.state)
        return;
    const TimelineState &state = *m_scene.state;
    if (ringMode()) {
        const QPointF d = at - m_geometry.center;
        const double distance = std::hypot(d.x(), d.y());
        if (std::abs(distance - m_geometry.radius) > 18 || state.pointPositions.empty())
            return;
        double angle = std::atan2(d.x(), -d.y());
        if (angle < 0)
            angle += kTwoPi;
        const auto h = static_cast<std::uint64_t>(std::min(angle / kTwoPi, 0.9999999999) * 0x1.0p64);
        auto it = std::lower_bound(state.pointPositions.begin(), state.pointPositions.end(), h);
        const std::size_t p
            = it == state.pointPositions.end() ? 0 : static_cast<std::size_t>(it - state.pointPositions.begin());
        Q_EMIT nodeClicked(QString::fromStdString(state.nodes[state.pointOwners[p]].name));
        return;
    }
    for (std::size_t c = 0; c < m_hits.columnRects.size() && c < state.nodes.size(); ++c)
        if (m_hits.columnRects[c].adjusted(0, -20, 0, 36).contains(at)) {
            Q_EMIT nodeClicked(QString::fromStdString(state.nodes[c].name));
            return;
        }
}

} // namespace conceptlab::hashring
