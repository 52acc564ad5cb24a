// The column drawing for modulo, jump, rendezvous and maglev: one column of key dots per node
// (a bar when there are many keys), the ideal height, maglev's lookup table, the highlight.
#pragma once

#include "ringgeometry.h"

#include <QCoreApplication>
#include <QFont>
#include <QPalette>

#include <vector>

namespace conceptlab::hashring {

class BucketPainter {
    Q_DECLARE_TR_FUNCTIONS(BucketPainter)
public:
    /// `animating[k]`: key k is drawn by the animation, not here; `individually`: dots, not bars.
    BucketPainter(
        const SceneGeometry &geometry, const QPalette &palette, const std::vector<bool> &animating, bool individually);
    /// Draws the static layer of the columns; returns each node's column rectangle (for clicks).
    std::vector<QRectF> paint(QPainter &painter, const RingHighlight &highlight);
    /// The ideal line's label for `meanKeys` keys per node, and its font on `base`: the
    /// geometry keeps room for them right of the columns.
    static QString idealLabel(double meanKeys);
    static QFont idealLabelFont(const QFont &base);
    /// Keys drawn marked as moved by the last paint().
    int markedKeys() const { return m_markedKeys; }

private:
    void drawKeys(QPainter &painter);
    void drawIdealLine(QPainter &painter) const;
    void drawLabels(QPainter &painter) const;
    void drawMaglevTable(QPainter &painter) const;
    void drawHighlight(QPainter &painter, const RingHighlight &highlight) const;

    const SceneGeometry &m_g;
    const TimelineState &m_state;
    const QPalette &m_palette;
    const std::vector<bool> &m_animating;
    bool m_individually = true;
    int m_columns = 0;
    std::int64_t m_most = 1; // the largest column, in keys
    int m_markedKeys = 0;
};

} // namespace conceptlab::hashring
