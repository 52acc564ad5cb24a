// GraphView: scene items for a laid-out graph.
#include "graphview.h"

#include "layeredlayout.h"
#include "viewfonts.h"

#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace conceptlab {

namespace {
    constexpr qreal kMinimumScale = 0.8;
} // namespace

GraphView::GraphView(QWidget *parent)
    : QGraphicsView(parent)
    , m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(Qt::white);
    // Node text is the application's size in monospace: a larger application font
    // (presenter mode) lays the graph out again with larger boxes.
    onApplicationFontChange(this, [this] {
        if (m_nodes.isEmpty())
            clearGraph();
        else
            setGraph(QList<GraphViewNode>(m_nodes), QList<GraphViewEdge>(m_edges), m_autoFit);
    });
}

void GraphView::clearGraph()
{
    m_scene->clear();
    m_nodeItems.clear();
    m_nodes.clear();
    m_edges.clear();
    if (!m_placeholder.isEmpty()) {
        auto *text = m_scene->addSimpleText(m_placeholder, styledFont({ .scale = 1.25 }));
        text->setBrush(QColor(0x70, 0x70, 0x70));
    }
}

void GraphView::setPlaceholder(const QString &text)
{
    m_placeholder = text;
    if (m_nodes.isEmpty())
        clearGraph();
}

void GraphView::setGraph(const QList<GraphViewNode> &nodes, const QList<GraphViewEdge> &edges, bool fit)
{
    m_scene->clear();
    m_nodeItems.clear();
    m_nodes = nodes;
    if (nodes.isEmpty()) {
        clearGraph();
        return;
    }
    m_edges = edges;
    const QFont font = styledFont({ .fixedPitch = true });
    const QFontMetricsF metrics(font);
    std::vector<layout::LayoutNode> layoutNodes;
    for (const auto &n : nodes) {
        layout::LayoutNode ln;
        const QStringList lines = n.text.split(QLatin1Char('\n'));
        double w = 0;
        for (const auto &line : lines)
            w = std::max(w, metrics.horizontalAdvance(line));
        ln.width = w + 16;
        ln.height = metrics.height() * static_cast<double>(lines.size()) + 10;
        ln.parent = n.parent;
        layoutNodes.push_back(ln);
    }
    std::vector<layout::LayoutEdge> layoutEdges;
    for (const auto &e : edges)
        layoutEdges.push_back({ e.from, e.to });
    layout::LayoutOptions options;
    // Room for the longest container title (e.g. "prim::If" above its output's name).
    qsizetype titleLines = 1;
    for (const auto &n : nodes) {
        if (n.container)
            titleLines = std::max(titleLines, n.text.count(QLatin1Char('\n')) + 1);
    }
    options.containerHeader = metrics.height() * static_cast<double>(titleLines) + 6;
    const auto result = layout::layeredLayout(layoutNodes, layoutEdges, options);

    // Containers first (behind), then boxes, then edges on top of containers.
    for (int i = 0; i < nodes.size(); ++i) {
        const auto &n = nodes[i];
        const auto &p = result.topLeft[static_cast<std::size_t>(i)];
        const auto &s = result.size[static_cast<std::size_t>(i)];
        auto *rect = new QGraphicsRectItem(p.x, p.y, s.x, s.y);
        rect->setBrush(n.container ? QColor(n.fill.red(), n.fill.green(), n.fill.blue(), 70) : n.fill);
        QPen pen(n.border, n.container ? 1.0 : 1.2);
        if (n.container || n.ghost)
            pen.setStyle(Qt::DashLine);
        rect->setPen(pen);
        rect->setZValue(n.container ? -1.0 - 0.01 * (s.x * s.y > 0 ? 1 : 0) : 1.0);
        rect->setToolTip(n.toolTip.isEmpty() ? n.text : n.toolTip);
        m_scene->addItem(rect);
        m_nodeItems.append(rect);
        auto *text = new QGraphicsSimpleTextItem(n.text, rect);
        text->setFont(font);
        text->setBrush(n.ghost ? QColor(0x8a, 0x90, 0x9a) : QColor(0x1d, 0x24, 0x33));
        text->setPos(p.x + 8, p.y + (n.container ? 3 : 5));
    }
    // Nested containers stack by depth so inner frames stay visible.
    for (int i = 0; i < nodes.size(); ++i) {
        int depth = 0;
        for (int p = nodes[i].parent; p >= 0 && p < nodes.size() && depth < 64; p = nodes[p].parent)
            ++depth;
        if (nodes[i].container)
            m_nodeItems[i]->setZValue(-10.0 + depth);
        else
            m_nodeItems[i]->setZValue(10.0 + depth);
    }
    const QPen edgePen(QColor(0x6a, 0x77, 0x8c), 1.1);
    for (std::size_t k = 0; k < result.edgeRoutes.size(); ++k) {
        const auto &route = result.edgeRoutes[k];
        if (route.size() < 2)
            continue;
        QPainterPath path(QPointF(route[0].x, route[0].y));
        for (std::size_t i = 1; i < route.size(); ++i) {
            const QPointF a(route[i - 1].x, route[i - 1].y), b(route[i].x, route[i].y);
            const double dy = (b.y() - a.y()) / 2;
            path.cubicTo(QPointF(a.x(), a.y() + dy), QPointF(b.x(), b.y() - dy), b);
        }
        auto *item = m_scene->addPath(path, edgePen);
        item->setZValue(5);
        // Arrow head at the end.
        const QPointF tip(route.back().x, route.back().y);
        QPolygonF head;
        head << tip << tip + QPointF(-4, -7) << tip + QPointF(4, -7);
        auto *arrow = m_scene->addPolygon(head, QPen(Qt::NoPen), QColor(0x6a, 0x77, 0x8c));
        arrow->setZValue(5);
        if (!edges[static_cast<int>(k)].label.isEmpty()) {
            auto *label = m_scene->addSimpleText(edges[static_cast<int>(k)].label, font);
            const auto &mid = route[route.size() / 2];
            label->setPos(mid.x + 3, mid.y - metrics.height());
            label->setBrush(QColor(0x6a, 0x77, 0x8c));
            label->setZValue(6);
        }
    }
    m_scene->setSceneRect(QRectF(-20, -20, result.width + 40, result.height + 40));
    if (fit)
        fitGraph();
}

void GraphView::setHighlighted(const QList<int> &nodes, const QColor &colour)
{
    for (int i = 0; i < m_nodeItems.size(); ++i) {
        const auto &n = m_nodes[i];
        const bool on = nodes.contains(i);
        QColor fill = on ? colour : n.fill;
        if (n.container)
            fill.setAlpha(on ? 110 : 70);
        m_nodeItems[i]->setBrush(fill);
        QPen pen = m_nodeItems[i]->pen();
        pen.setWidthF(on ? 2.2 : (n.container ? 1.0 : 1.2));
        m_nodeItems[i]->setPen(pen);
    }
}

int GraphView::nodeAt(const QPoint &viewportPos) const
{
    // A box lies inside its frames: the smallest rectangle under the point is the innermost.
    const QPointF scenePos = mapToScene(viewportPos);
    int found = -1;
    qreal foundArea = 0;
    for (int i = 0; i < m_nodeItems.size(); ++i) {
        const QRectF rect = m_nodeItems[i]->rect();
        const qreal area = rect.width() * rect.height();
        if (rect.contains(scenePos) && (found < 0 || area < foundArea)) {
            found = i;
            foundArea = area;
        }
    }
    return found;
}

QRectF GraphView::nodeRect(int node) const
{
    return node >= 0 && node < m_nodeItems.size() ? m_nodeItems[node]->rect() : QRectF();
}

void GraphView::ensureNodeVisible(int node)
{
    if (node >= 0 && node < m_nodeItems.size())
        ensureVisible(m_nodeItems[node], 30, 30);
}

void GraphView::fitGraph()
{
    m_autoFit = true;
    const QRectF rect = m_scene->itemsBoundingRect().adjusted(-12, -12, 12, 12);
    if (rect.isEmpty())
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    // Never magnify small graphs beyond a readable size, nor shrink large ones below it
    // (node text stays at least 0.8 of the application font): they scroll instead.
    if (transform().m11() > 1.6)
        setTransform(QTransform::fromScale(1.6, 1.6));
    if (transform().m11() < kMinimumScale) {
        setTransform(QTransform::fromScale(kMinimumScale, kMinimumScale));
        // Wider than the view: its left side (where layered layouts start) rather than its middle.
        const double halfWidth = viewport()->width() / (2 * kMinimumScale);
        const double x
            = rect.width() * kMinimumScale > viewport()->width() ? rect.left() + halfWidth : rect.center().x();
        centerOn(x, rect.top() + viewport()->height() / (2 * kMinimumScale));
    }
}

void GraphView::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    if (m_nodes.isEmpty()) {
        figure::drawText(painter, rect, m_placeholder, style.text, style.muted, Qt::AlignCenter | Qt::TextWordWrap);
        return;
    }
    const QRectF source = m_scene->itemsBoundingRect().adjusted(-4, -4, 4, 4);
    if (source.isEmpty())
        return;
    // The scene's text is 9 pt (12 px): magnify at most to the figure's text size.
    const double most = style.textPx / 12.0;
    const double scale = std::min({ rect.width() / source.width(), rect.height() / source.height(), most });
    const QSizeF size = source.size() * scale;
    const QRectF target(rect.left() + (rect.width() - size.width()) / 2, rect.top(), size.width(), size.height());
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    m_scene->render(&painter, target, source, Qt::KeepAspectRatio);
    painter.restore();
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    m_autoFit = false;
    const double factor = std::pow(1.0015, event->angleDelta().y());
    scale(factor, factor);
    event->accept();
}

void GraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit && !m_nodes.isEmpty())
        fitGraph();
}

} // namespace conceptlab
