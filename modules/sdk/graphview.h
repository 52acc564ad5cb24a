// A reusable graph view: boxes with text, nested containers, edges as splines, laid out by
// the layered layout (core/layeredlayout.h). Zoom with the wheel, pan by dragging, fit,
// and highlight nodes. Knows nothing about any concept.
#pragma once

#include "conceptlabsdk_export.h"
#include "figure.h"

#include <QColor>
#include <QGraphicsView>
#include <QList>
#include <QString>

namespace conceptlab {

struct CONCEPTLAB_SDK_EXPORT GraphViewNode {
    QString text; ///< one or more lines
    QString toolTip;
    int parent = -1; ///< index of the containing node (-1: top level)
    bool container = false; ///< drawn as a titled frame around its children
    QColor fill = QColor(0xf4, 0xf6, 0xfa);
    QColor border = QColor(0x5b, 0x6b, 0x85);
    bool ghost = false; ///< drawn faded with a dashed border: something that did not happen
};

struct CONCEPTLAB_SDK_EXPORT GraphViewEdge {
    int from = 0;
    int to = 0;
    QString label;
};

class CONCEPTLAB_SDK_EXPORT GraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit GraphView(QWidget *parent = nullptr);

    /// Replaces the graph and lays it out; keeps the zoom unless fit is true.
    void setGraph(const QList<GraphViewNode> &nodes, const QList<GraphViewEdge> &edges, bool fit = true);
    void clearGraph();
    /// Nodes drawn with a highlight colour (others normal); an empty list clears it.
    void setHighlighted(const QList<int> &nodes, const QColor &colour = QColor(0xff, 0xc8, 0x57));
    /// Scrolls so `node` is visible.
    void ensureNodeVisible(int node);
    /// Shows the whole graph.
    void fitGraph();
    /// A message shown when there is no graph (e.g. "not scriptable").
    void setPlaceholder(const QString &text);
    int nodeCount() const { return static_cast<int>(m_nodeItems.size()); }
    /// The innermost node drawn at `viewportPos` (a point of viewport()), -1 for none.
    int nodeAt(const QPoint &viewportPos) const;
    /// Where `node` is drawn, in scene coordinates; empty for no such node.
    QRectF nodeRect(int node) const;
    /// Draws the whole graph (or the placeholder) into `rect` of a figure, as vectors, centred
    /// at the top and never magnified beyond text of the figure's size.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QGraphicsScene *m_scene;
    QList<class QGraphicsRectItem *> m_nodeItems;
    QList<GraphViewNode> m_nodes;
    QList<GraphViewEdge> m_edges;
    QString m_placeholder;
    bool m_autoFit = true;
};

} // namespace conceptlab
