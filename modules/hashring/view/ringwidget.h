// The drawing of the cluster: for ring, ketama and bounded a circle with node arcs,
// virtual-node ticks and keys as dots (a density band when there are many); for modulo,
// jump, rendezvous and maglev one column of keys per node (and maglev's lookup table).
// Keys that change owner on a step are animated.
#pragma once

#include "core/timeline.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPixmap>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace conceptlab::hashring {

class RingWidget : public QWidget {
    Q_OBJECT
public:
    /// What to draw: the keys, the current state and the state animated from (may be null).
    struct Scene {
        std::shared_ptr<const KeySet> keys;
        std::shared_ptr<const TimelineState> state;
        std::shared_ptr<const TimelineState> previous;
        Strategy strategy = Strategy::Ring;
        int step = 0;
        int stepCount = 0;
    };

    explicit RingWidget(QWidget *parent = nullptr);

    /// Shows a scene; animates the keys that moved from `previous` when `animate`.
    void setScene(Scene scene, bool animate);
    /// Colour index of each node name (stable across steps).
    void setColorIndices(QHash<QString, int> indices);
    /// A message instead of the drawing (bad parameters), or empty.
    void setMessage(const QString &message);
    /// Shows "computing…" while background work runs.
    void setBusy(bool busy);

    QSize sizeHint() const override { return { 640, 600 }; }
    QSize minimumSizeHint() const override { return { 320, 300 }; }

Q_SIGNALS:
    /// The user clicked a node (its arc, column or legend entry).
    void nodeClicked(const QString &name);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    struct KeyDot {
        std::uint32_t key = 0;
        QPointF from;
        QPointF to;
        int colorFrom = 0;
        int colorTo = 0;
    };

    bool ringMode() const;
    QColor nodeColor(const TimelineState &state, int node) const;
    int colorIndexOf(const TimelineState &state, int node) const;
    double keyAngle(std::size_t key) const; // radians, 0 at 12 o'clock, clockwise
    double pointAngle(std::uint64_t position) const;
    QPointF polar(double angle, double radius) const;
    QRectF bucketArea() const;
    QRectF columnRect(int column, int columns) const;
    QPointF bucketSlot(const TimelineState &state, int node, std::int64_t rank) const;
    void layoutDots();
    void renderStatic();
    void drawRingStatic(QPainter &painter);
    void drawBucketStatic(QPainter &painter);
    void drawHeader(QPainter &painter) const;
    void drawLegend(QPainter &painter);
    void animationTick();
    const QPixmap &dotSprite(const QColor &color, double diameter, bool outlined);
    void drawDots(QPainter &painter, const QList<QPointF> &points, const QColor &color, double diameter, bool outlined);

    Scene m_scene;
    QHash<QString, int> m_colorIndex;
    QString m_message;
    bool m_busy = false;

    QPointF m_center;
    double m_radius = 100;
    QPixmap m_static; // everything but the animated dots
    QHash<QString, QPixmap> m_sprites; // dot images by colour, size and outline
    std::vector<KeyDot> m_moving; // dots drawn per frame while animating
    std::vector<QRectF> m_legendRects;
    std::vector<QString> m_legendNames;
    std::vector<QRectF> m_columnRects;
    bool m_drawKeysIndividually = true;
    int m_legendWidth = 150;

    QTimer m_frameTimer;
    QElapsedTimer m_clock;
    double m_progress = 1.0; // animation progress in [0, 1]
};

} // namespace conceptlab::hashring
