// The circle drawing for ring, ketama and bounded: node arcs, virtual-node ticks, keys as
// dots (a density band when there are many), bounded walks, and the lesson highlight.
#pragma once

#include "ringgeometry.h"

#include <QCoreApplication>
#include <QPalette>

#include <vector>

namespace conceptlab::hashring {

class RingPainter {
    Q_DECLARE_TR_FUNCTIONS(RingPainter)
public:
    /// `animating[k]`: key k is drawn by the animation, not here; `individually`: dots, not a band.
    RingPainter(const SceneGeometry &geometry, const QPalette &palette, DotSprites &sprites,
        const std::vector<bool> &animating, bool individually, qreal pixelRatio);
    /// Draws the static layer of the circle.
    void paint(QPainter &painter, const RingHighlight &highlight);
    /// Keys drawn marked as moved by the last paint().
    int markedKeys() const { return m_markedKeys; }

private:
    void drawArcs(QPainter &painter, double arcWidth) const;
    void drawTicks(QPainter &painter, double arcWidth) const;
    void drawKeyDots(QPainter &painter);
    void drawDensityBand(QPainter &painter);
    void drawWalks(QPainter &painter) const;
    void drawCentre(QPainter &painter) const;
    void drawHighlight(QPainter &painter, const RingHighlight &highlight, double arcWidth) const;
    double keyRadius(std::size_t key) const;

    const SceneGeometry &m_g;
    const TimelineState &m_state;
    const QPalette &m_palette;
    DotSprites &m_sprites;
    const std::vector<bool> &m_animating;
    bool m_individually = true;
    qreal m_pixelRatio = 1;
    int m_markedKeys = 0;
};

} // namespace conceptlab::hashring
