// The drawing of the cluster: for ring, ketama and bounded a circle with node arcs,
// virtual-node ticks and keys as dots (a density band when there are many); for modulo,
// jump, rendezvous and maglev one column of keys per node (and maglev's lookup table).
// Keys that change owner on a step are animated.
#pragma once

#include "figure.h"

#include "ringgeometry.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPixmap>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace conceptlab::hashring {

class RingWidget : public QWidget {
    Q_OBJECT
    /// Keys drawn marked as moved on screen now (0 while they are still flying).
    Q_PROPERTY(int markedKeys READ markedKeys)
    /// Whether moved keys are being animated now.
    Q_PROPERTY(bool animating READ isAnimating)
public:
    /// What to draw: the keys, the current state and the state animated from (may be null).
    using Scene = RingScene;

    explicit RingWidget(QWidget *parent = nullptr);

    /// Shows a scene; animates the keys that moved from `previous` when `animate`.
    void setScene(Scene scene, bool animate);
    /// Colour index of each node name (stable across steps).
    void setColorIndices(QHash<QString, int> indices);
    /// A message instead of the drawing (bad parameters), or empty.
    void setMessage(const QString &message);
    /// Shows "computing…" while background work runs.
    void setBusy(bool busy);
    /// Marks a node (by name; its arcs or column and legend entry) and a key (by index; -1: none).
    void setHighlight(const QString &node, std::int64_t key);

    /// Draws the scene's final state into `rect` of a figure as vectors: the circle or the
    /// columns, the legend and the header lines.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

    int markedKeys() const { return m_markedKeys; }
    bool isAnimating() const { return m_progress < 1.0; }

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

    /// Where the legend, circle and columns go on a drawing `size` pixels.
    SceneGeometry geometryFor(QSize size) const;
    /// Clickable parts of a drawing.
    struct Hits {
        std::vector<QRectF> legendRects;
        std::vector<QString> legendNames;
        std::vector<QRectF> columnRects;
    };
    /// Everything but the animated dots, for `geometry`; `hits` (may be null) gets the clickable
    /// parts. Returns the keys drawn marked as moved.
    int paintDrawing(QPainter &painter, const SceneGeometry &geometry, DotSprites &sprites, qreal ratio,
        const std::vector<bool> &animating, Hits *hits) const;

    bool ringMode() const;
    void layoutDots();
    void layoutMovingOnRing(const std::vector<std::uint32_t> &moved, std::size_t stride);
    void layoutMovingInBuckets(const std::vector<std::uint32_t> &moved, std::size_t stride);
    void renderStatic();
    void drawHeader(QPainter &painter, const SceneGeometry &geometry) const;
    void drawLegend(QPainter &painter, const SceneGeometry &geometry, Hits *hits) const;
    void animationTick();

    Scene m_scene;
    QHash<QString, int> m_colorIndex;
    QString m_message;
    bool m_busy = false;
    RingHighlight m_highlight;

    SceneGeometry m_geometry; // centre, radius, legend width of the current size
    QPixmap m_static; // everything but the animated dots
    DotSprites m_sprites;
    std::vector<KeyDot> m_moving; // dots drawn per frame while animating
    Hits m_hits;
    std::vector<bool> m_movedMask; // per key: moved by the current step's event
    int m_markedKeys = 0;

    QTimer m_frameTimer;
    QElapsedTimer m_clock;
    double m_progress = 1.0; // animation progress in [0, 1]
};

} // namespace conceptlab::hashring
