// Painting of the ring and bucket views, with a cached static layer and animated moving keys.
#include "ringwidget.h"

#include "charttheme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace conceptlab::hashring {

namespace {
    constexpr int kHeaderHeight = 58;
    constexpr std::size_t kMaxIndividualKeys = 20000;
    constexpr std::size_t kMaxAnimatedKeys = 4000;
    constexpr int kAnimationMs = 1100;
    constexpr double kTwoPi = 2 * std::numbers::pi;

    double smoothstep(double t)
    {
        return t * t * (3 - 2 * t);
    }

    // Node colours: the shared palette for the first 7 nodes, then hues a golden angle apart
    // (the palette's later tints fade towards white, which a dot on white cannot show).
    QColor nodePaletteColor(int index)
    {
        if (index < 7)
            return categoryColor(index);
        const double hue = std::fmod(0.07 + index * 0.381966, 1.0);
        return QColor::fromHsvF(static_cast<float>(hue), 0.75f, index % 2 ? 0.75f : 0.92f);
    }

    std::uint32_t scatter(std::uint32_t k)
    {
        return (k * 2654435761u) >> 7;
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

int RingWidget::colorIndexOf(const TimelineState &state, int node) const
{
    if (node < 0 || node >= static_cast<int>(state.nodes.size()))
        return 0;
    return m_colorIndex.value(QString::fromStdString(state.nodes[static_cast<std::size_t>(node)].name), node);
}

QColor RingWidget::nodeColor(const TimelineState &state, int node) const
{
    return nodePaletteColor(colorIndexOf(state, node));
}

double RingWidget::pointAngle(std::uint64_t position) const
{
    return static_cast<double>(position) * 0x1.0p-64 * kTwoPi;
}

double RingWidget::keyAngle(std::size_t key) const
{
    if (m_scene.strategy == Strategy::Ketama && key < m_scene.keys->ketamaPoints.size())
        return static_cast<double>(m_scene.keys->ketamaPoints[key]) * 0x1.0p-32 * kTwoPi;
    return pointAngle(m_scene.keys->hashes[key]);
}

QPointF RingWidget::polar(double angle, double radius) const
{
    return { m_center.x() + radius * std::sin(angle), m_center.y() - radius * std::cos(angle) };
}

QRectF RingWidget::bucketArea() const
{
    return QRectF(m_legendWidth + 16, kHeaderHeight + 28, width() - m_legendWidth - 32,
        height() - kHeaderHeight - 28 - (m_scene.strategy == Strategy::Maglev ? 78 : 44));
}

QRectF RingWidget::columnRect(int column, int columns) const
{
    const QRectF area = bucketArea();
    const double pitch = area.width() / std::max(1, columns);
    const double gap = std::min(10.0, pitch * 0.15);
    return QRectF(area.left() + column * pitch + gap / 2, area.top(), pitch - gap, area.height());
}

QPointF RingWidget::bucketSlot(const TimelineState &state, int node, std::int64_t rank) const
{
    const int columns = static_cast<int>(state.nodes.size());
    const QRectF rect = columnRect(node, columns);
    // One pitch for all columns, so that equal heights mean equal counts.
    std::int64_t most = 1;
    for (auto c : state.counts)
        most = std::max(most, c);
    double pitch = std::sqrt(rect.width() * rect.height() / static_cast<double>(most));
    pitch = std::clamp(pitch, 1.2, 14.0);
    int perRow = std::max(1, static_cast<int>(rect.width() / pitch));
    while (static_cast<double>((most + perRow - 1) / perRow) * pitch > rect.height() && pitch > 1.2) {
        pitch *= 0.92;
        perRow = std::max(1, static_cast<int>(rect.width() / pitch));
    }
    const auto row = rank / perRow;
    const auto col = rank % perRow;
    const double used = perRow * pitch;
    return { rect.left() + (rect.width() - used) / 2 + (static_cast<double>(col) + 0.5) * pitch,
        rect.bottom() - (static_cast<double>(row) + 0.5) * pitch };
}

void RingWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutDots();
    renderStatic();
}

void RingWidget::layoutDots()
{
    // The legend column is as wide as its longest line needs (within limits).
    m_legendWidth = 150;
    if (m_scene.state) {
        const QFontMetrics metrics(font());
        int widest = 0;
        for (std::size_t i = 0; i < m_scene.state->nodes.size() && i < 64; ++i)
            widest = std::max(widest,
                metrics.horizontalAdvance(QStringLiteral("%1 · %2 · %3")
                                              .arg(QString::fromStdString(m_scene.state->nodes[i].name))
                                              .arg(m_scene.state->counts[i])
                                              .arg(m_scene.state->pointsPerNode[i])));
        m_legendWidth = std::clamp(widest * 9 / 10 + 36, 150, std::max(150, width() / 4));
    }
    const double areaTop = kHeaderHeight;
    const double areaLeft = m_legendWidth;
    m_center = QPointF(areaLeft + (width() - areaLeft) / 2.0, areaTop + (height() - areaTop) / 2.0);
    m_radius = std::max(40.0, std::min(width() - areaLeft, height() - areaTop) / 2.0 - 46);
    m_moving.clear();
    if (!m_scene.state || !m_scene.keys)
        return;
    const TimelineState &state = *m_scene.state;
    const std::size_t keyCount = state.owners.size();
    m_drawKeysIndividually = keyCount <= kMaxIndividualKeys;
    if (m_progress >= 1.0 || !m_scene.previous)
        return;
    const TimelineState &previous = *m_scene.previous;
    if (previous.owners.size() != keyCount)
        return;

    // Map the previous owners to current node indices by name (-1: gone).
    std::vector<int> toCurrent(previous.nodes.size(), -1);
    for (std::size_t i = 0; i < previous.nodes.size(); ++i)
        for (std::size_t j = 0; j < state.nodes.size(); ++j)
            if (previous.nodes[i].name == state.nodes[j].name)
                toCurrent[i] = static_cast<int>(j);

    std::vector<std::uint32_t> moved;
    for (std::size_t k = 0; k < keyCount; ++k)
        if (toCurrent[static_cast<std::size_t>(previous.owners[k])] != state.owners[k])
            moved.push_back(static_cast<std::uint32_t>(k));
    // Many moves: animate an even sample of them.
    const std::size_t stride = std::max<std::size_t>(1, (moved.size() + kMaxAnimatedKeys - 1) / kMaxAnimatedKeys);

    if (ringMode()) {
        const double inner = m_radius * 0.80;
        const double band = m_radius * 0.16;
        for (std::size_t m = 0; m < moved.size(); m += stride) {
            const std::uint32_t k = moved[m];
            const double angle = keyAngle(k);
            const double r = inner + static_cast<double>(scatter(k) % 1000) / 1000.0 * band;
            KeyDot dot;
            dot.key = k;
            dot.from = polar(angle, r);
            // The dot visits the point that now owns it, then returns to its place.
            double ownerAngle = angle;
            if (!state.pointPositions.empty()) {
                const std::uint64_t h = m_scene.strategy == Strategy::Ketama
                    ? static_cast<std::uint64_t>(m_scene.keys->ketamaPoints[k]) << 32
                    : m_scene.keys->hashes[k];
                auto it = std::lower_bound(state.pointPositions.begin(), state.pointPositions.end(), h);
                if (it == state.pointPositions.end())
                    it = state.pointPositions.begin();
                ownerAngle = pointAngle(*it);
            }
            dot.to = polar(ownerAngle, m_radius + 2);
            dot.colorFrom = colorIndexOf(previous, previous.owners[k]);
            dot.colorTo = colorIndexOf(state, state.owners[k]);
            m_moving.push_back(dot);
        }
        return;
    }

    // Bucket mode: every moved key flies from its slot in the previous layout to its new slot.
    std::vector<std::int64_t> rankBefore(keyCount), rankAfter(keyCount);
    {
        std::vector<std::int64_t> fill(previous.nodes.size(), 0);
        for (std::size_t k = 0; k < keyCount; ++k)
            rankBefore[k] = fill[static_cast<std::size_t>(previous.owners[k])]++;
        std::vector<std::int64_t> fillAfter(state.nodes.size(), 0);
        for (std::size_t k = 0; k < keyCount; ++k)
            rankAfter[k] = fillAfter[static_cast<std::size_t>(state.owners[k])]++;
    }
    for (std::size_t m = 0; m < moved.size(); m += stride) {
        const std::uint32_t k = moved[m];
        KeyDot dot;
        dot.key = k;
        dot.from = bucketSlot(previous, previous.owners[k], rankBefore[k]);
        // A vanished column's keys start from where that column stood.
        dot.to = bucketSlot(state, state.owners[k], rankAfter[k]);
        dot.colorFrom = colorIndexOf(previous, previous.owners[k]);
        dot.colorTo = colorIndexOf(state, state.owners[k]);
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
    m_legendRects.clear();
    m_legendNames.clear();
    m_columnRects.clear();
    if (!m_message.isEmpty() || !m_scene.state || !m_scene.keys) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
            m_message.isEmpty() ? tr("Computing…") : m_message);
        return;
    }
    if (ringMode())
        drawRingStatic(painter);
    else
        drawBucketStatic(painter);
    drawLegend(painter);
    drawHeader(painter);
}

void RingWidget::drawRingStatic(QPainter &painter)
{
    const TimelineState &state = *m_scene.state;
    const QColor text = palette().color(QPalette::Text);
    const double arcWidth = std::clamp(m_radius * 0.05, 6.0, 14.0);

    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(m_center, m_radius, m_radius);

    // Node arcs: the arc ending at a point (clockwise) belongs to that point's node.
    const auto &positions = state.pointPositions;
    const auto &owners = state.pointOwners;
    const QRectF arcRect(m_center.x() - m_radius, m_center.y() - m_radius, 2 * m_radius, 2 * m_radius);
    const auto drawArc = [&](double from, double to, int owner) {
        // Qt: angles in 1/16 degree, 0 at 3 o'clock, counter-clockwise.
        const double startDegrees = 90.0 - from * 180.0 / std::numbers::pi;
        const double spanDegrees = -(to - from) * 180.0 / std::numbers::pi;
        painter.setPen(QPen(nodeColor(state, owner), arcWidth, Qt::SolidLine, Qt::FlatCap));
        painter.drawArc(arcRect, static_cast<int>(std::lround(startDegrees * 16)),
            std::min(-1, static_cast<int>(std::lround(spanDegrees * 16))));
    };
    if (!positions.empty()) {
        if (positions.size() <= 6000) {
            // Merge runs of one owner; the first run wraps from the last point.
            const std::size_t n = positions.size();
            std::size_t i = 0;
            double start = pointAngle(positions[n - 1]) - kTwoPi;
            while (i < n) {
                std::size_t j = i;
                while (j + 1 < n && owners[j + 1] == owners[i])
                    ++j;
                const double end = pointAngle(positions[j]);
                drawArc(start, end, static_cast<int>(owners[i]));
                start = end;
                i = j + 1;
            }
        } else {
            // Too many points to draw one by one: the owner at 2048 sample angles.
            constexpr int kBins = 2048;
            for (int b = 0; b < kBins; ++b) {
                const auto h = static_cast<std::uint64_t>((static_cast<double>(b) + 0.5) / kBins * 0x1.0p64);
                auto it = std::lower_bound(positions.begin(), positions.end(), h);
                const std::size_t p = it == positions.end() ? 0 : static_cast<std::size_t>(it - positions.begin());
                drawArc(kTwoPi * b / kBins, kTwoPi * (b + 1) / kBins, static_cast<int>(owners[p]));
            }
        }
        // Virtual-node ticks.
        if (positions.size() <= 3000) {
            for (std::size_t p = 0; p < positions.size(); ++p) {
                const double a = pointAngle(positions[p]);
                painter.setPen(QPen(nodeColor(state, static_cast<int>(owners[p])).darker(130), 1.2));
                painter.drawLine(polar(a, m_radius + arcWidth / 2 + 1), polar(a, m_radius + arcWidth / 2 + 7));
            }
        }
    }

    // Keys.
    const std::size_t keyCount = state.owners.size();
    const double inner = m_radius * 0.80;
    const double band = m_radius * 0.16;
    if (m_drawKeysIndividually) {
        std::vector<bool> animating(keyCount, false);
        if (m_progress < 1.0)
            for (const KeyDot &dot : m_moving)
                animating[dot.key] = true;
        QHash<int, QList<QPointF>> byColor;
        QList<QPointF> walked;
        for (std::size_t k = 0; k < keyCount; ++k) {
            if (animating[k])
                continue;
            const double r = inner + static_cast<double>(scatter(static_cast<std::uint32_t>(k)) % 1000) / 1000.0 * band;
            const QPointF at = polar(keyAngle(k), r);
            byColor[colorIndexOf(state, state.owners[k])].append(at);
            if (!state.hops.empty() && state.hops[k] > 0)
                walked.append(at);
        }
        const double dotSize = keyCount > 5000 ? 2.6 : 3.4;
        for (auto it = byColor.cbegin(); it != byColor.cend(); ++it)
            drawDots(painter, it.value(), nodePaletteColor(it.key()), dotSize, false);
        if (!walked.isEmpty()) {
            painter.setPen(QPen(text, 0.8));
            painter.setBrush(Qt::NoBrush);
            for (const QPointF &p : walked)
                painter.drawEllipse(p, dotSize, dotSize);
        }
    } else {
        // Density band: keys per angular bin, coloured by the bin's most common owner.
        constexpr int kBins = 720;
        std::vector<int> count(kBins, 0);
        std::vector<QHash<int, int>> owner(kBins);
        for (std::size_t k = 0; k < keyCount; ++k) {
            const int b = std::min(kBins - 1, static_cast<int>(keyAngle(k) / kTwoPi * kBins));
            ++count[b];
            ++owner[b][state.owners[k]];
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
                QPen(nodeColor(state, best), std::max(1.0, kTwoPi * inner / kBins), Qt::SolidLine, Qt::FlatCap));
            painter.drawLine(polar(a, inner + band - len), polar(a, inner + band));
        }
    }

    // Bounded loads: draw the walk of overflowing keys (a sample) as thin inner arcs.
    if (!state.hops.empty() && m_drawKeysIndividually && !positions.empty()) {
        int drawn = 0;
        QColor walk = text;
        walk.setAlpha(90);
        painter.setPen(QPen(walk, 0.8));
        for (std::size_t k = 0; k < keyCount && drawn < 400; ++k) {
            if (state.hops[k] == 0)
                continue;
            const double from = keyAngle(k);
            auto it = std::lower_bound(positions.begin(), positions.end(), m_scene.keys->hashes[k]);
            std::size_t p = it == positions.end() ? 0 : static_cast<std::size_t>(it - positions.begin());
            p = (p + state.hops[k]) % positions.size();
            double to = pointAngle(positions[p]);
            if (to < from)
                to += kTwoPi;
            const double r = inner - 6 - (k % 4) * 3;
            const QRectF walkRect(m_center.x() - r, m_center.y() - r, 2 * r, 2 * r);
            painter.drawArc(walkRect, static_cast<int>(std::lround((90.0 - from * 180 / std::numbers::pi) * 16)),
                static_cast<int>(std::lround(-(to - from) * 180 / std::numbers::pi * 16)));
            ++drawn;
        }
    }

    // Centre: what the circle is.
    painter.setPen(text);
    QFont font = painter.font();
    const QString title = m_scene.strategy == Strategy::Ketama
        ? tr("ketama continuum\n%1 points (MD5)").arg(positions.size())
        : tr("%1 ring\n%2 points")
              .arg(m_scene.strategy == Strategy::Bounded ? tr("bounded-load") : tr("consistent-hash"))
              .arg(positions.size());
    QString detail = tr("%1 keys").arg(keyCount);
    if (m_scene.strategy == Strategy::Bounded) {
        const auto walkedCount = std::count_if(state.hops.begin(), state.hops.end(), [](auto h) { return h > 0; });
        detail += tr("\ncap %1 keys per node\n%2 keys walked on (circled)").arg(state.capacity).arg(walkedCount);
    }
    painter.drawText(
        QRectF(m_center.x() - m_radius * 0.7, m_center.y() - m_radius * 0.35, m_radius * 1.4, m_radius * 0.7),
        Qt::AlignCenter, title + QLatin1Char('\n') + detail);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter.setFont(font);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    // The hint sits inside the ring where it fits, else under it, never across the keys.
    const QString hint = tr("click a node's arc to make it leave or re-weight it");
    const double hintWidth = painter.fontMetrics().horizontalAdvance(hint);
    const double hintHeight = painter.fontMetrics().height();
    const QRectF hintRect = hintWidth < m_radius * 1.1
        ? QRectF(m_center.x() - m_radius, m_center.y() + m_radius * 0.38, 2 * m_radius, hintHeight)
        : QRectF(0, height() - hintHeight - 6, width(), hintHeight);
    painter.drawText(hintRect, Qt::AlignCenter, hint);
}

void RingWidget::drawBucketStatic(QPainter &painter)
{
    const TimelineState &state = *m_scene.state;
    const QColor text = palette().color(QPalette::Text);
    const int columns = static_cast<int>(state.nodes.size());
    const std::size_t keyCount = state.owners.size();
    std::int64_t most = 1;
    for (auto c : state.counts)
        most = std::max(most, c);
    std::vector<bool> animating(keyCount, false);
    if (m_progress < 1.0)
        for (const KeyDot &dot : m_moving)
            animating[dot.key] = true;

    QFont small = painter.font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (int c = 0; c < columns; ++c) {
        const QRectF rect = columnRect(c, columns);
        m_columnRects.push_back(rect);
        QColor tint = nodeColor(state, c);
        tint.setAlpha(28);
        painter.fillRect(rect, tint);
    }
    if (m_drawKeysIndividually) {
        std::vector<std::int64_t> fill(static_cast<std::size_t>(columns), 0);
        QHash<int, QList<QPointF>> byColor;
        for (std::size_t k = 0; k < keyCount; ++k) {
            const int owner = state.owners[k];
            const auto rank = fill[static_cast<std::size_t>(owner)]++;
            if (!animating[k])
                byColor[colorIndexOf(state, owner)].append(bucketSlot(state, owner, rank));
        }
        const QPointF a = bucketSlot(state, 0, 0), b = bucketSlot(state, 0, 1);
        const double pitch = std::max(1.0, std::abs(b.x() - a.x()) > 0 ? std::abs(b.x() - a.x()) : 3.0);
        // Square dots, drawn unantialiased: fillRect is fast for many thousands.
        painter.setRenderHint(QPainter::Antialiasing, false);
        const double side = std::max(1.0, pitch * 0.72);
        for (auto it = byColor.cbegin(); it != byColor.cend(); ++it) {
            const QColor color = nodePaletteColor(it.key());
            for (const QPointF &p : it.value())
                painter.fillRect(QRectF(p.x() - side / 2, p.y() - side / 2, side, side), color);
        }
        painter.setRenderHint(QPainter::Antialiasing, true);
    } else {
        for (int c = 0; c < columns; ++c) {
            const QRectF rect = columnRect(c, columns);
            const double h = rect.height() * static_cast<double>(state.counts[static_cast<std::size_t>(c)]) / most;
            painter.fillRect(QRectF(rect.left(), rect.bottom() - h, rect.width(), h), nodeColor(state, c));
        }
    }
    // Ideal load: keys / nodes (weighted: share of the weight) as a dashed line.
    const double mean = static_cast<double>(keyCount) / std::max(1, columns);
    const QRectF area = bucketArea();
    double idealY = area.bottom() - area.height() * mean / static_cast<double>(most);
    if (m_drawKeysIndividually && columns > 0)
        idealY = bucketSlot(state, 0, static_cast<std::int64_t>(mean)).y(); // the row holding the mean-th key
    painter.setPen(QPen(text, 1, Qt::DashLine));
    painter.drawLine(QPointF(area.left(), idealY), QPointF(area.right(), idealY));
    painter.setFont(small);
    painter.drawText(QPointF(area.right() - 110, idealY - 4), tr("ideal %1 keys").arg(mean, 0, 'f', 0));

    // Column labels: name (bucket number for jump) below, count above.
    for (int c = 0; c < columns && columns <= 64; ++c) {
        const QRectF rect = columnRect(c, columns);
        QString label = QString::fromStdString(state.nodes[static_cast<std::size_t>(c)].name);
        if (m_scene.strategy == Strategy::Jump || m_scene.strategy == Strategy::Modulo)
            label += QLatin1Char('\n') + tr("#%1").arg(c);
        painter.setPen(text);
        painter.drawText(
            QRectF(rect.left() - 8, rect.bottom() + 2, rect.width() + 16, 36), Qt::AlignHCenter | Qt::AlignTop, label);
        painter.drawText(QRectF(rect.left() - 8, area.top() - 20, rect.width() + 16, 18),
            Qt::AlignHCenter | Qt::AlignBottom, QString::number(state.counts[static_cast<std::size_t>(c)]));
    }
    // Maglev's lookup table as a strip: one pixel column per table range.
    if (m_scene.strategy == Strategy::Maglev && !state.maglevTable.empty()) {
        const QRectF strip(area.left(), height() - 34, area.width(), 16);
        const auto tableSize = static_cast<double>(state.maglevTable.size());
        const int pixels = std::max(1, static_cast<int>(strip.width()));
        for (int x = 0; x < pixels; ++x) {
            const auto tableIndex = static_cast<std::size_t>(x / static_cast<double>(pixels) * tableSize);
            painter.fillRect(QRectF(strip.left() + x, strip.top(), 1.0, strip.height()),
                nodeColor(state, state.maglevTable[tableIndex]));
        }
        painter.setPen(text);
        painter.drawText(QPointF(strip.left(), strip.top() - 4),
            tr("maglev lookup table: %1 slots (a key uses slot hash mod M)").arg(state.maglevTable.size()));
    }
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRectF(area.left(), kHeaderHeight + 2, area.width(), 18), Qt::AlignRight,
        tr("click a column to make that node leave or re-weight it"));
}

void RingWidget::drawLegend(QPainter &painter)
{
    const TimelineState &state = *m_scene.state;
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    painter.setFont(font);
    const int rowHeight = 18;
    const int rows = std::max(1, (height() - kHeaderHeight - 24) / rowHeight);
    const int shown = std::min(static_cast<int>(state.nodes.size()), rows - 1);
    double y = kHeaderHeight + 8;
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QPointF(10, y + 12),
        tr("node · keys · %1")
            .arg(m_scene.strategy == Strategy::Maglev ? tr("slots")
                    : ringMode()                      ? tr("points")
                                                      : tr("weight")));
    y += rowHeight;
    for (int i = 0; i < shown; ++i) {
        const QRectF row(6, y, m_legendWidth - 10, rowHeight);
        painter.fillRect(QRectF(10, y + 4, 10, 10), nodeColor(state, i));
        const auto &node = state.nodes[static_cast<std::size_t>(i)];
        const QString extra = ringMode() || m_scene.strategy == Strategy::Maglev
            ? QString::number(state.pointsPerNode[static_cast<std::size_t>(i)])
            : QString::number(node.weight, 'g', 3);
        const QString line = QStringLiteral("%1 · %2 · %3")
                                 .arg(QString::fromStdString(node.name))
                                 .arg(state.counts[static_cast<std::size_t>(i)])
                                 .arg(extra);
        painter.drawText(QRectF(26, y, m_legendWidth - 26, rowHeight), Qt::AlignVCenter | Qt::AlignLeft,
            painter.fontMetrics().elidedText(line, Qt::ElideRight, m_legendWidth - 28));
        m_legendRects.push_back(row);
        m_legendNames.push_back(QString::fromStdString(node.name));
        y += rowHeight;
    }
    if (shown < static_cast<int>(state.nodes.size()))
        painter.drawText(QPointF(10, y + 12), tr("… and %1 more").arg(static_cast<int>(state.nodes.size()) - shown));
}

void RingWidget::drawHeader(QPainter &painter) const
{
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
    painter.drawText(QRectF(10, 6, width() - 20, 24), Qt::AlignLeft | Qt::AlignVCenter, title);
    painter.setFont(base);
    QString line;
    if (state.event.kind != EventKind::None)
        line = tr("moved %1 keys (%2) · ideal %3 · hash mod n would move %4 · ")
                   .arg(state.moved)
                   .arg(percent(state.movedFraction), percent(state.idealFraction), percent(state.moduloMovedFraction));
    line += tr("max/mean %1 · σ %2 keys").arg(state.stats.maxOverMean, 0, 'f', 3).arg(state.stats.stddev, 0, 'f', 1);
    painter.drawText(QRectF(10, 30, width() - 20, 22), Qt::AlignLeft | Qt::AlignVCenter,
        painter.fontMetrics().elidedText(line, Qt::ElideRight, width() - 20));
    if (m_busy) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRectF(10, 6, width() - 20, 24), Qt::AlignRight | Qt::AlignVCenter, tr("computing…"));
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
        drawDots(painter, it.value(), nodePaletteColor(it.key()), size, true);
}

const QPixmap &RingWidget::dotSprite(const QColor &color, double diameter, bool outlined)
{
    const qreal ratio = devicePixelRatioF();
    const QString key = QStringLiteral("%1/%2/%3/%4").arg(color.rgba()).arg(diameter).arg(outlined).arg(ratio);
    auto it = m_sprites.find(key);
    if (it != m_sprites.end())
        return it.value();
    const double outline = outlined ? 1.2 : 0.0;
    const int side = static_cast<int>(std::ceil(diameter + 2 * outline + 2));
    QPixmap sprite(QSize(side, side) * ratio);
    sprite.setDevicePixelRatio(ratio);
    sprite.fill(Qt::transparent);
    QPainter painter(&sprite);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(outlined ? QPen(palette().color(QPalette::Text), outline) : Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QPointF(side / 2.0, side / 2.0), diameter / 2, diameter / 2);
    painter.end();
    return m_sprites.insert(key, sprite).value();
}

void RingWidget::drawDots(
    QPainter &painter, const QList<QPointF> &points, const QColor &color, double diameter, bool outlined)
{
    // One antialiased circle rendered once, then blitted: much faster than stroking
    // thousands of round points every frame.
    const QPixmap &sprite = dotSprite(color, diameter, outlined);
    const double half = sprite.width() / sprite.devicePixelRatio() / 2.0;
    for (const QPointF &p : points)
        painter.drawPixmap(QPointF(std::round(p.x() - half), std::round(p.y() - half)), sprite);
}

void RingWidget::mousePressEvent(QMouseEvent *event)
{
    const QPointF at = event->position();
    for (std::size_t i = 0; i < m_legendRects.size(); ++i)
        if (m_legendRects[i].contains(at)) {
            Q_EMIT nodeClicked(m_legendNames[i]);
            return;
        }
    if (!m_scene.state)
        return;
    const TimelineState &state = *m_scene.state;
    if (ringMode()) {
        const QPointF d = at - m_center;
        const double distance = std::hypot(d.x(), d.y());
        if (std::abs(distance - m_radius) > 18 || state.pointPositions.empty())
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
    for (std::size_t c = 0; c < m_columnRects.size() && c < state.nodes.size(); ++c)
        if (m_columnRects[c].adjusted(0, -20, 0, 36).contains(at)) {
            Q_EMIT nodeClicked(QString::fromStdString(state.nodes[c].name));
            return;
        }
}

} // namespace conceptlab::hashring
