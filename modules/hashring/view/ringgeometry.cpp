// Geometry, colours and dot sprites shared by the ring and bucket painters.
#include "ringgeometry.h"

#include "charttheme.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace conceptlab::hashring {

QColor nodePaletteColor(int index)
{
    // The palette's later tints fade towards white, which a dot on white cannot show.
    if (index < 7)
        return categoryColor(index);
    const double hue = std::fmod(0.07 + index * 0.381966, 1.0);
    return QColor::fromHsvF(static_cast<float>(hue), 0.75f, index % 2 ? 0.75f : 0.92f);
}

std::uint32_t scatter(std::uint32_t key)
{
    return (key * 2654435761u) >> 7;
}

int SceneGeometry::colorIndexOf(const TimelineState &state, int node) const
{
    if (node < 0 || node >= static_cast<int>(state.nodes.size()))
        return 0;
    return colorIndex->value(QString::fromStdString(state.nodes[static_cast<std::size_t>(node)].name), node);
}

QColor SceneGeometry::nodeColor(const TimelineState &state, int node) const
{
    return nodePaletteColor(colorIndexOf(state, node));
}

double SceneGeometry::pointAngle(std::uint64_t position) const
{
    return static_cast<double>(position) * 0x1.0p-64 * kTwoPi;
}

double SceneGeometry::keyAngle(std::size_t key) const
{
    if (scene->strategy == Strategy::Ketama && key < scene->keys->ketamaPoints.size())
        return static_cast<double>(scene->keys->ketamaPoints[key]) * 0x1.0p-32 * kTwoPi;
    return pointAngle(scene->keys->hashes[key]);
}

QPointF SceneGeometry::polar(double angle, double r) const
{
    return { center.x() + r * std::sin(angle), center.y() - r * std::cos(angle) };
}

QRectF SceneGeometry::bucketArea() const
{
    return QRectF(legendWidth + 16, kHeaderHeight + 28, size.width() - legendWidth - 32 - idealLabelWidth,
        size.height() - kHeaderHeight - 28 - (scene->strategy == Strategy::Maglev ? 78 : 44));
}

QRectF SceneGeometry::columnRect(int column, int columns) const
{
    const QRectF area = bucketArea();
    const double pitch = area.width() / std::max(1, columns);
    const double gap = std::min(10.0, pitch * 0.15);
    return QRectF(area.left() + column * pitch + gap / 2, area.top(), pitch - gap, area.height());
}

QPointF SceneGeometry::bucketSlot(const TimelineState &state, int node, std::int64_t rank) const
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
    // Rows needed for the largest column: a whole number (integer division rounding up).
    const auto rowsFor = [most](int perRowNow) {
        const std::int64_t rows = (most + perRowNow - 1) / perRowNow;
        return static_cast<double>(rows);
    };
    while (rowsFor(perRow) * pitch > rect.height() && pitch > 1.2) {
        pitch *= 0.92;
        perRow = std::max(1, static_cast<int>(rect.width() / pitch));
    }
    const auto row = rank / perRow;
    const auto col = rank % perRow;
    const double used = perRow * pitch;
    return { rect.left() + (rect.width() - used) / 2 + (static_cast<double>(col) + 0.5) * pitch,
        rect.bottom() - (static_cast<double>(row) + 0.5) * pitch };
}

const QPixmap &DotSprites::sprite(const QColor &color, double diameter, const QColor &outlineColor, qreal pixelRatio)
{
    const QString key
        = QStringLiteral("%1/%2/%3/%4").arg(color.rgba()).arg(diameter).arg(outlineColor.rgba()).arg(pixelRatio);
    auto it = m_sprites.find(key);
    if (it != m_sprites.end())
        return it.value();
    const double outline = outlineColor.isValid() ? 1.2 : 0.0;
    const int side = static_cast<int>(std::ceil(diameter + 2 * outline + 2));
    QPixmap image(QSize(side, side) * pixelRatio);
    image.setDevicePixelRatio(pixelRatio);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(outlineColor.isValid() ? QPen(outlineColor, outline) : QPen(Qt::NoPen));
    painter.setBrush(color);
    painter.drawEllipse(QPointF(side / 2.0, side / 2.0), diameter / 2, diameter / 2);
    painter.end();
    return m_sprites.insert(key, image).value();
}

void DotSprites::draw(QPainter &painter, const QList<QPointF> &points, const QColor &color, double diameter,
    const QColor &outlineColor, qreal pixelRatio)
{
    // One antialiased circle rendered once, then blitted: much faster than stroking
    // thousands of round points every frame.
    if (m_vector) {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(outlineColor.isValid() ? QPen(outlineColor, 1.2) : QPen(Qt::NoPen));
        painter.setBrush(color);
        for (const QPointF &p : points)
            painter.drawEllipse(p, diameter / 2, diameter / 2);
        painter.restore();
        return;
    }
    const QPixmap &image = sprite(color, diameter, outlineColor, pixelRatio);
    const double half = image.width() / image.devicePixelRatio() / 2.0;
    for (const QPointF &p : points)
        painter.drawPixmap(QPointF(std::round(p.x() - half), std::round(p.y() - half)), image);
}

} // namespace conceptlab::hashring
