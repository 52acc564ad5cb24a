// GraphView: container titles have room for every line, node text follows the application
// font (presenter mode), and a large graph scrolls instead of shrinking its text.
#include "graphview.h"

#include <QApplication>
#include <QFontInfo>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QScrollBar>
#include <QTest>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {

QList<QGraphicsRectItem *> boxes(GraphView &view)
{
    QList<QGraphicsRectItem *> out;
    for (QGraphicsItem *item : view.scene()->items(Qt::AscendingOrder)) {
        if (auto *rect = dynamic_cast<QGraphicsRectItem *>(item))
            out.append(rect);
    }
    return out;
}

QGraphicsSimpleTextItem *textOf(QGraphicsRectItem *box)
{
    for (QGraphicsItem *child : box->childItems()) {
        if (auto *text = dynamic_cast<QGraphicsSimpleTextItem *>(child))
            return text;
    }
    return nullptr;
}

// A container with a two-line title ("prim::If" and its output) around a block with one box,
// as graphcapture draws a scripted branch.
QList<GraphViewNode> ifWithOneBlock()
{
    GraphViewNode branch;
    branch.text = QStringLiteral("prim::If\n%y.3 : Tensor");
    branch.container = true;
    GraphViewNode block;
    block.text = QStringLiteral("block0");
    block.container = true;
    block.parent = 0;
    GraphViewNode inner;
    inner.text = QStringLiteral("aten::relu\n%y.1 : Tensor");
    inner.parent = 1;
    return { branch, block, inner };
}

} // namespace

TEST(GraphView, AContainersTitleLinesAllFitAboveItsChildren)
{
    GraphView view;
    view.resize(600, 400);
    view.setGraph(ifWithOneBlock(), {});
    const QList<QGraphicsRectItem *> items = boxes(view);
    ASSERT_EQ(items.size(), 3);
    QGraphicsSimpleTextItem *title = textOf(items[0]);
    ASSERT_NE(title, nullptr);
    const QRectF titleArea = title->mapRectToScene(title->boundingRect());
    const QRectF child = items[1]->sceneBoundingRect();
    // A visible gap, not lines touching: the child's frame would strike through the title.
    EXPECT_LE(titleArea.bottom() + 4, child.top())
        << "title ends at " << titleArea.bottom() << ", child starts at " << child.top();
}

TEST(GraphView, NodeTextFollowsTheApplicationFont)
{
    const QFont normal = QApplication::font();
    GraphView view;
    view.resize(600, 400);
    view.setGraph(ifWithOneBlock(), {});
    const int before = QFontInfo(textOf(boxes(view)[2])->font()).pixelSize();
    QFont larger = normal;
    larger.setPointSizeF(normal.pointSizeF() * 2);
    QApplication::setFont(larger);
    QTest::qWait(20); // the graph is laid out again on the next pass of the event loop
    const int after = QFontInfo(textOf(boxes(view)[2])->font()).pixelSize();
    QApplication::setFont(normal);
    EXPECT_GE(after, before * 2 - 1);
    EXPECT_EQ(before, QFontInfo(normal).pixelSize());
}

TEST(GraphView, ALargeGraphScrollsRatherThanShrinkingItsText)
{
    // 60 boxes in a chain are far taller than the view: fitting would scale them to a few
    // pixels; the view stops at 0.8 of the text size and scrolls instead.
    QList<GraphViewNode> nodes;
    QList<GraphViewEdge> edges;
    for (int i = 0; i < 60; ++i) {
        GraphViewNode node;
        node.text = QStringLiteral("aten::add\n%%1 : Tensor").arg(i);
        nodes.append(node);
        if (i > 0)
            edges.append({ i - 1, i, {} });
    }
    GraphView view;
    view.resize(400, 300);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    view.setGraph(nodes, edges);
    EXPECT_DOUBLE_EQ(view.transform().m11(), 0.8);
    EXPECT_GT(view.verticalScrollBar()->maximum(), 0);
}
