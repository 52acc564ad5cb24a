// What the ring and bucket painters share: the scene drawn, where things go on the widget
// (angles on the circle, columns and key slots), node colours, and the dot sprites.
#pragma once

#include "core/timeline.h"

#include <QColor>
#include <QHash>
#include <QPixmap>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>

#include <cstdint>
#include <memory>
#include <numbers>

QT_BEGIN_NAMESPACE
class QPainter;
QT_END_NAMESPACE

namespace conceptlab::hashring {

/// Height of the widget's header lines, in pixels.
inline constexpr int kHeaderHeight = 58;
/// A full turn, in radians.
inline constexpr double kTwoPi = 2 * std::numbers::pi;

/// What to draw: the keys, the current state and the state animated from (may be null).
struct RingScene {
    std::shared_ptr<const KeySet> keys;
    std::shared_ptr<const TimelineState> state;
    std::shared_ptr<const TimelineState> previous;
    /// Keys marked as moved by the current step's event (the snapshot's movedKeys); may be null.
    std::shared_ptr<const std::vector<std::uint32_t>> movedKeys;
    /// Keys that change owner between `previous` and `state` (animated); may be null.
    std::shared_ptr<const std::vector<std::uint32_t>> animatedKeys;
    Strategy strategy = Strategy::Ring;
    int step = 0;
    int stepCount = 0;
};

/// A lesson highlight: a node (by name) or a key (by index); empty / -1 when none.
struct RingHighlight {
    QString node;
    std::int64_t key = -1;
};

/// Diameter of a moved key's dot relative to a plain one (it also gets an outline).
inline constexpr double kMovedDotScale = 1.6;

/// Colour of the colour index `index`: the shared palette for the first 7, then hues a golden
/// angle apart.
QColor nodePaletteColor(int index);
/// A key's scatter across the key band (a fixed pseudo-random spread).
std::uint32_t scatter(std::uint32_t key);

/// Where the scene's parts go on a widget of a given size.
struct SceneGeometry {
    const RingScene *scene = nullptr;
    const QHash<QString, int> *colorIndex = nullptr; ///< stable colour index by node name
    QSize size;
    QPointF center;
    double radius = 100; ///< of the circle, in pixels
    int legendWidth = 150; ///< in pixels
    int idealLabelWidth = 0; ///< bucket mode: room right of the columns for the ideal line's label, in pixels
    const std::vector<bool> *moved = nullptr; ///< per key: marked as moved at this step (may be null)

    /// Whether key `key` is marked as moved at this step.
    bool isMoved(std::size_t key) const { return moved && key < moved->size() && (*moved)[key]; }

    /// Colour index of node `node` of `state` (by name; its index when unknown).
    int colorIndexOf(const TimelineState &state, int node) const;
    QColor nodeColor(const TimelineState &state, int node) const;
    /// Angle of a 64-bit ring position, radians clockwise from 12 o'clock.
    double pointAngle(std::uint64_t position) const;
    /// Angle of key `key` (its ketama point for ketama).
    double keyAngle(std::size_t key) const;
    QPointF polar(double angle, double radius) const;
    /// Bucket mode: the area of the columns.
    QRectF bucketArea() const;
    QRectF columnRect(int column, int columns) const;
    /// Bucket mode: centre of the rank-th key of node `node`'s column.
    QPointF bucketSlot(const TimelineState &state, int node, std::int64_t rank) const;
};

/// Antialiased dots rendered once per colour and size, then blitted.
class DotSprites {
public:
    /// Draws every dot as a circle instead of a sprite (for figures: vector output).
    void setVector(bool vector) { m_vector = vector; }
    /// Draws a dot of `diameter` pixels at each point; `outlineColor` outlines it when valid.
    void draw(QPainter &painter, const QList<QPointF> &points, const QColor &color, double diameter,
        const QColor &outlineColor, qreal pixelRatio);

private:
    const QPixmap &sprite(const QColor &color, double diameter, const QColor &outlineColor, qreal pixelRatio);
    QHash<QString, QPixmap> m_sprites; // by colour, size, outline and pixel ratio
    bool m_vector = false;
};

} // namespace conceptlab::hashring
