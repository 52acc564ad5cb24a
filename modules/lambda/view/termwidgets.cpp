// Syntax tree and Tromp diagram painting.
#include "termwidgets.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace conceptlab::lambda {

QColor redexFunctionColor()
{
    return QColor(0xff, 0xd5, 0x80); // amber
}

QColor redexArgumentColor()
{
    return QColor(0x9f, 0xd8, 0xff); // sky
}

QColor cycleColor()
{
    return QColor(0xe6, 0xdc, 0xf5); // pale violet: apart from the redex colours
}

QColor lessonHighlightColor()
{
    return QColor(0xf0, 0x8c, 0xd8); // orchid: apart from the redex colours
}

namespace {

    // Leaves get consecutive columns; a parent sits over the middle of its children.
    double place(
        const FlatTerm &t, int id, int depth, double &nextLeaf, std::vector<TreeWidget::Placed> &out, int &maxDepth)
    {
        const FlatNode &n = t.nodes[static_cast<std::size_t>(id)];
        maxDepth = std::max(maxDepth, depth);
        double x = 0;
        if (n.kind == Kind::Lam) {
            x = place(t, n.first, depth + 1, nextLeaf, out, maxDepth);
        } else if (n.kind == Kind::App) {
            const double a = place(t, n.first, depth + 1, nextLeaf, out, maxDepth);
            const double b = place(t, n.second, depth + 1, nextLeaf, out, maxDepth);
            x = (a + b) / 2;
        } else {
            x = nextLeaf;
            nextLeaf += 1;
        }
        out[static_cast<std::size_t>(id)] = { x, depth };
        return x;
    }

    QColor roleColor(int role)
    {
        switch (role) {
        case 2:
            return redexFunctionColor();
        case 3:
            return redexArgumentColor();
        default:
            return QColor(0xf4, 0xf4, 0xf4);
        }
    }

} // namespace

TreeWidget::TreeWidget(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
    setPalette(QPalette(Qt::white));
    m_fade.setStartValue(0.0);
    m_fade.setEndValue(1.0);
    m_fade.setDuration(450);
    connect(&m_fade, &QVariantAnimation::valueChanged, this, [this](const QVariant &v) {
        m_progress = v.toDouble();
        update();
    });
}

void TreeWidget::setTree(const FlatTerm &tree, bool animate)
{
    m_previous = m_tree;
    m_tree = tree;
    // Never smaller than readable: in a scroll area the tree scrolls instead.
    setMinimumSize(readableSize(tree).expandedTo(minimumSizeHint()));
    m_fade.stop();
    m_progress = 1.0;
    if (animate && !m_previous.nodes.empty()) {
        m_progress = 0.0;
        m_fade.start();
    }
    update();
}

void TreeWidget::setMarks(bool redex, const QString &binder)
{
    m_markRedex = redex;
    m_markBinder = binder;
    update();
}

void TreeWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paintContent(p, size(), m_progress, Fit::Readable);
}

void TreeWidget::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    figure::paintScaled(painter, rect, font(), style.text,
        [this](QPainter &scaled, QSize size) { paintContent(scaled, size, 1.0, Fit::Whole); });
}

void TreeWidget::paintContent(QPainter &p, QSize size, double progress, Fit fit) const
{
    p.setRenderHint(QPainter::Antialiasing);
    if (m_tree.truncated || m_tree.root < 0) {
        p.setPen(QColor(0x66, 0x66, 0x66));
        p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter,
            m_tree.truncated ? tr("The term is too large to draw as a tree.") : tr("No term"));
        return;
    }
    if (progress < 1.0 && !m_previous.nodes.empty() && m_previous.root >= 0)
        drawTree(p, size, m_previous, 1.0 - progress, fit);
    drawTree(p, size, m_tree, progress, fit);
}

namespace {

    // Labels longer than this are cut with "…" (definition names are short; numbers too).
    constexpr int kMaxLabelChars = 7;

    QString nodeLabel(const FlatNode &n)
    {
        QString label;
        switch (n.kind) {
        case Kind::Lam:
            label = QStringLiteral("λ") + QString::fromStdString(n.label);
            break;
        case Kind::App:
            label = QStringLiteral("@");
            break;
        default:
            label = QString::fromStdString(n.label);
            break;
        }
        if (label.size() > kMaxLabelChars)
            label = label.left(kMaxLabelChars - 1) + QStringLiteral("…");
        return label;
    }

} // namespace

TreeWidget::Geometry TreeWidget::geometry(const FlatTerm &tree, QSizeF size, double text, Fit fit)
{
    Geometry g;
    g.placed.resize(tree.nodes.size());
    double leaves = 0;
    int maxDepth = 0;
    if (tree.root >= 0)
        place(tree, tree.root, 0, leaves, g.placed, maxDepth);
    g.leaves = std::max(1.0, leaves);
    g.depth = maxDepth;
    // Readable: a node at least 0.85 text heights in radius, its label 0.9 text heights, and
    // leaves far enough apart for their widest label. Larger when there is room: at most 4.7
    // and 4 text heights between nodes, a radius of 1.25.
    const double minRadius = text * 0.85;
    QFont font;
    font.setPixelSize(std::max(1, static_cast<int>(text * 0.9)));
    const QFontMetricsF metrics(font);
    double widestLeaf = 0;
    for (const FlatNode &n : tree.nodes)
        if (n.kind != Kind::App && n.kind != Kind::Lam)
            widestLeaf = std::max(widestLeaf, metrics.horizontalAdvance(nodeLabel(n)));
    // A leaf's pill (its label, padded by up to 0.75 text heights) fits in 92% of a step.
    const double minStepX = std::max(2 * minRadius, widestLeaf + text * 0.8) / 0.92 + text * 0.2;
    const double minStepY = 2 * minRadius + text * 0.9;
    g.margin = 18;
    g.stepX = std::min(text * 4.7, (size.width() - 2 * g.margin) / g.leaves);
    g.stepY = std::min(text * 4.0, (size.height() - 2 * g.margin) / std::max(1, maxDepth + 1));
    if (fit == Fit::Readable) {
        g.stepX = std::max(g.stepX, minStepX);
        g.stepY = std::max(g.stepY, minStepY);
    }
    g.radius = std::clamp(std::min(g.stepX, g.stepY) * 0.42, 3.0, text * 1.25);
    if (fit == Fit::Readable)
        g.radius = std::max(g.radius, minRadius);
    g.fontPx = std::clamp(g.radius * 0.95, 4.0, text * 0.9);
    g.width = g.stepX * g.leaves + 2 * g.margin;
    g.height = g.stepY * maxDepth + 2 * g.radius + 2 * g.margin;
    g.offsetX = (std::max(size.width(), g.width) - g.stepX * g.leaves) / 2 + g.stepX / 2;
    return g;
}

QSize TreeWidget::readableSize(const FlatTerm &tree) const
{
    if (tree.truncated || tree.root < 0)
        return { 0, 0 };
    const Geometry g = geometry(tree, QSizeF(0, 0), QFontInfo(font()).pixelSize(), Fit::Readable);
    return { static_cast<int>(std::ceil(g.width)), static_cast<int>(std::ceil(g.height)) };
}

QPoint TreeWidget::redexCentre() const
{
    for (std::size_t id = 0; id < m_tree.nodes.size(); ++id) {
        if (m_tree.nodes[id].role == 1) {
            const Geometry g = geometry(m_tree, QSizeF(size()), QFontInfo(font()).pixelSize(), Fit::Readable);
            const Placed &pl = g.placed[id];
            return QPoint(static_cast<int>(g.offsetX + pl.x * g.stepX),
                static_cast<int>(g.margin + g.radius + pl.depth * g.stepY));
        }
    }
    return { -1, -1 };
}

void TreeWidget::drawTree(QPainter &p, QSize size, const FlatTerm &tree, double opacity, Fit fit) const
{
    // Sizes follow the painter's font (the widget's, which presenter mode enlarges, or the figure's).
    const double text = QFontInfo(p.font()).pixelSize();
    const Geometry g = geometry(tree, QSizeF(size), text, fit);
    auto pos = [&](int id) {
        const Placed &pl = g.placed[static_cast<std::size_t>(id)];
        return QPointF(g.offsetX + pl.x * g.stepX, g.margin + g.radius + pl.depth * g.stepY);
    };
    p.setOpacity(opacity);
    // Edges first, then nodes on top; roles are inherited down the redex's subtrees.
    std::vector<int> role(tree.nodes.size(), 0);
    role[static_cast<std::size_t>(tree.root)] = tree.nodes[static_cast<std::size_t>(tree.root)].role;
    for (int id = static_cast<int>(tree.nodes.size()) - 1; id >= 0; --id) {
        const FlatNode &n = tree.nodes[static_cast<std::size_t>(id)];
        for (int child : { n.first, n.second }) {
            if (child < 0)
                continue;
            const int own = tree.nodes[static_cast<std::size_t>(child)].role;
            role[static_cast<std::size_t>(child)]
                = own != 0 ? own : (role[static_cast<std::size_t>(id)] >= 2 ? role[static_cast<std::size_t>(id)] : 0);
            p.setPen(QPen(QColor(0x90, 0x90, 0x90), 1.2));
            p.drawLine(pos(id), pos(child));
        }
    }
    QFont font = p.font();
    font.setPixelSize(static_cast<int>(g.fontPx));
    p.setFont(font);
    const QFontMetricsF metrics(font);
    for (int id = 0; id < static_cast<int>(tree.nodes.size()); ++id) {
        const FlatNode &n = tree.nodes[static_cast<std::size_t>(id)];
        const QPointF c = pos(id);
        const int r = role[static_cast<std::size_t>(id)];
        const QString label = nodeLabel(n);
        // A node is a circle, widened into a pill when its label needs it, never wider than
        // the room between leaves: the label always sits inside its node.
        const double room = std::max(2 * g.radius, g.stepX * 0.92);
        const double width = std::clamp(metrics.horizontalAdvance(label) + g.radius * 0.6, 2 * g.radius, room);
        const QRectF shape(c.x() - width / 2, c.y() - g.radius, width, 2 * g.radius);
        const bool marked = (m_markRedex && n.role == 1)
            || (!m_markBinder.isEmpty() && n.kind == Kind::Lam && QString::fromStdString(n.label) == m_markBinder);
        if (marked) {
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(lessonHighlightColor(), 4.0));
            p.drawRoundedRect(shape.adjusted(-g.radius * 0.45, -g.radius * 0.45, g.radius * 0.45, g.radius * 0.45),
                g.radius * 1.45, g.radius * 1.45);
        }
        p.setBrush(roleColor(r));
        p.setPen(QPen(n.role == 1 ? QColor(0xd0, 0x40, 0x20) : QColor(0x55, 0x55, 0x55), n.role == 1 ? 2.5 : 1.0));
        p.drawRoundedRect(shape, g.radius, g.radius);
        if (g.fontPx >= 6) { // smaller is unreadable: a figure of a huge tree shows shapes only
            p.setPen(QColor(0x20, 0x20, 0x20));
            p.drawText(
                shape, Qt::AlignCenter, metrics.elidedText(label, Qt::ElideRight, shape.width() - g.radius * 0.3));
        }
    }
    p.setOpacity(1.0);
}

// ---------------------------------------------------------------------------------------

DiagramWidget::DiagramWidget(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
    setPalette(QPalette(Qt::white));
}

namespace {

    struct Box {
        int width = 1;
        int height = 0;
        int rootX = 0;
    };

    enum class Stroke { Binder, Variable, Link, RedexLink };

    struct Segment {
        double x1, y1, x2, y2;
        Stroke stroke;
    };

    // A part of the diagram drawn behind its lines: the redex's function or argument, in
    // cells (columns x … x + width, rows y … y + height).
    struct Zone {
        double x, y, width, height;
        QColor colour;
    };

    struct DiagramLayout {
        std::vector<int> binderRows;
        std::vector<Segment> segments;
        std::vector<Zone> zones;
    };

    // Tromp's diagram: a λ is a horizontal bar, a variable a vertical line hanging from its
    // binder's bar, an application a horizontal link joining function and argument lines,
    // the function's line continuing down as the result.
    Box layoutDiagram(const FlatTerm &t, int id, int x, int y, DiagramLayout &out)
    {
        const FlatNode &n = t.nodes[static_cast<std::size_t>(id)];
        switch (n.kind) {
        case Kind::Lam: {
            out.binderRows.push_back(y);
            const Box body = layoutDiagram(t, n.first, x, y + 1, out);
            out.binderRows.pop_back();
            out.segments.push_back({ static_cast<double>(x), static_cast<double>(y),
                static_cast<double>(x + body.width), static_cast<double>(y), Stroke::Binder });
            return { body.width, body.height + 1, body.rootX };
        }
        case Kind::App: {
            const Box f = layoutDiagram(t, n.first, x, y, out);
            const Box a = layoutDiagram(t, n.second, x + f.width, y, out);
            const int link = y + std::max(f.height, a.height);
            const bool redex = n.role == 1;
            if (redex) {
                out.zones.push_back({ static_cast<double>(x), static_cast<double>(y), static_cast<double>(f.width),
                    static_cast<double>(f.height), redexFunctionColor() });
                out.zones.push_back({ static_cast<double>(x + f.width), static_cast<double>(y),
                    static_cast<double>(a.width), static_cast<double>(a.height), redexArgumentColor() });
            }
            out.segments.push_back(
                { f.rootX + 0.5, static_cast<double>(y + f.height), f.rootX + 0.5, link + 1.0, Stroke::Variable });
            out.segments.push_back({ a.rootX + 0.5, static_cast<double>(y + a.height), a.rootX + 0.5,
                static_cast<double>(link), Stroke::Variable });
            out.segments.push_back({ f.rootX + 0.5, static_cast<double>(link), a.rootX + 0.5, static_cast<double>(link),
                redex ? Stroke::RedexLink : Stroke::Link });
            return { f.width + a.width, link + 1 - y, f.rootX };
        }
        case Kind::Var: {
            const std::size_t depth = out.binderRows.size();
            const int row = n.index >= 0 && static_cast<std::size_t>(n.index) < depth
                ? out.binderRows[depth - 1 - static_cast<std::size_t>(n.index)]
                : y - 1;
            out.segments.push_back(
                { x + 0.5, static_cast<double>(row), x + 0.5, static_cast<double>(y), Stroke::Variable });
            return { 1, 0, x };
        }
        default: // a free variable: a short stub
            out.segments.push_back({ x + 0.5, y - 0.5, x + 0.5, static_cast<double>(y), Stroke::Variable });
            return { 1, 0, x };
        }
    }

    QColor strokeColour(Stroke stroke)
    {
        switch (stroke) {
        case Stroke::Binder:
            return QColor(0x2b, 0x4c, 0x7e); // navy: a λ
        case Stroke::RedexLink:
            return QColor(0xd0, 0x40, 0x20); // the tree's redex outline
        default:
            return QColor(0x22, 0x22, 0x22);
        }
    }

    // Lines are drawn thinner than a cell so that neighbours stay apart; λ bars thicker still.
    double strokeWidth(Stroke stroke, double thickness)
    {
        switch (stroke) {
        case Stroke::Binder:
            return thickness * 1.35;
        case Stroke::Link:
            return thickness * 0.75;
        case Stroke::RedexLink:
            return thickness * 1.2;
        default:
            return thickness;
        }
    }

    void drawSegment(QPainter &p, const Segment &s, QPointF origin, double cell, double thickness)
    {
        p.setPen(QPen(strokeColour(s.stroke), strokeWidth(s.stroke, thickness), Qt::SolidLine, Qt::FlatCap));
        const double inset = s.stroke == Stroke::Binder ? cell * 0.1 : 0;
        p.drawLine(QPointF(origin.x() + s.x1 * cell + inset, origin.y() + s.y1 * cell + cell / 2),
            QPointF(origin.x() + s.x2 * cell - inset, origin.y() + s.y2 * cell + cell / 2));
    }

} // namespace

namespace {

    QStringList legendWords()
    {
        return { DiagramWidget::tr("λ bar (binder)"), DiagramWidget::tr("variable line"),
            DiagramWidget::tr("application link"), DiagramWidget::tr("redex: function · argument") };
    }

    // Where each legend entry goes (its top-left corner) in rows that wrap within `width`;
    // returns the height used.
    double layoutLegend(double width, const QFont &font, std::vector<QPointF> &corners)
    {
        const QFontMetricsF metrics(font);
        const double glyph = metrics.height() * 1.4;
        const double gap = metrics.height() * 0.5;
        const double rowHeight = metrics.height() * 1.3;
        double x = 0;
        double y = 0;
        for (const QString &words : legendWords()) {
            const double entry = glyph + gap * 0.5 + metrics.horizontalAdvance(words);
            if (x > 0 && x + entry > width) {
                x = 0;
                y += rowHeight;
            }
            corners.emplace_back(x, y);
            x += entry + gap * 1.5;
        }
        return y + rowHeight;
    }

} // namespace

double diagramLegendHeight(double width, const QFont &font)
{
    std::vector<QPointF> corners;
    return layoutLegend(width, font, corners);
}

void paintDiagramLegend(QPainter &p, const QRectF &rect, const QFont &font)
{
    std::vector<QPointF> corners;
    layoutLegend(rect.width(), font, corners);
    const QFontMetricsF metrics(font);
    const double glyph = metrics.height() * 1.4;
    const double gap = metrics.height() * 0.5;
    const double rowHeight = metrics.height() * 1.3;
    const double thickness = std::max(2.0, metrics.height() * 0.16);
    const QStringList words = legendWords();
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font);
    for (int i = 0; i < words.size(); ++i) {
        const double x = rect.left() + corners[static_cast<std::size_t>(i)].x();
        const double y = rect.top() + corners[static_cast<std::size_t>(i)].y();
        const QRectF g(x, y + (rowHeight - glyph * 0.7) / 2, glyph, glyph * 0.7);
        switch (i) {
        case 0:
            p.setPen(
                QPen(strokeColour(Stroke::Binder), strokeWidth(Stroke::Binder, thickness), Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(g.left(), g.center().y()), QPointF(g.right(), g.center().y()));
            break;
        case 1:
            p.setPen(
                QPen(strokeColour(Stroke::Binder), strokeWidth(Stroke::Binder, thickness), Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(g.left(), g.top()), QPointF(g.right(), g.top()));
            p.setPen(QPen(strokeColour(Stroke::Variable), thickness, Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(g.center().x(), g.top()), QPointF(g.center().x(), g.bottom()));
            break;
        case 2:
            p.setPen(QPen(strokeColour(Stroke::Variable), thickness, Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(g.left() + thickness, g.top()), QPointF(g.left() + thickness, g.bottom()));
            p.drawLine(QPointF(g.right() - thickness, g.top()), QPointF(g.right() - thickness, g.center().y()));
            p.setPen(
                QPen(strokeColour(Stroke::Link), strokeWidth(Stroke::Link, thickness), Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(g.left() + thickness, g.center().y()), QPointF(g.right() - thickness, g.center().y()));
            break;
        default:
            p.fillRect(QRectF(g.left(), g.top(), g.width() / 2, g.height()), redexFunctionColor());
            p.fillRect(QRectF(g.center().x(), g.top(), g.width() / 2, g.height()), redexArgumentColor());
            p.setPen(QPen(strokeColour(Stroke::RedexLink), strokeWidth(Stroke::RedexLink, thickness), Qt::SolidLine,
                Qt::FlatCap));
            p.drawLine(QPointF(g.left() + g.width() / 4, g.bottom()), QPointF(g.right() - g.width() / 4, g.bottom()));
            break;
        }
        p.setPen(QColor(0x33, 0x33, 0x33));
        p.drawText(QRectF(g.right() + gap * 0.5, y, rect.right() - g.right(), rowHeight),
            Qt::AlignLeft | Qt::AlignVCenter, words[i]);
    }
    p.restore();
}

DiagramLegend::DiagramLegend(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

QSize DiagramLegend::sizeHint() const
{
    return { 240, static_cast<int>(std::ceil(QFontMetricsF(font()).height() * 1.3)) };
}

bool DiagramLegend::hasHeightForWidth() const
{
    return true;
}

int DiagramLegend::heightForWidth(int width) const
{
    return static_cast<int>(std::ceil(diagramLegendHeight(width, font())));
}

void DiagramLegend::resizeEvent(QResizeEvent *)
{
    // The rows wrap with the width: keep the height they need (the splitter around the
    // diagram does not pass height-for-width on).
    const int needed = heightForWidth(width());
    if (needed != height())
        setFixedHeight(needed);
}

void DiagramLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paintDiagramLegend(p, QRectF(rect()), font());
}

void DiagramWidget::setTerm(const FlatTerm &term)
{
    m_term = term;
    QSize readable(0, 0);
    m_redexArea = QRect();
    if (!term.truncated && term.root >= 0) {
        // Never thinner than kReadableCell per line: in a scroll area the diagram scrolls instead.
        DiagramLayout layout;
        const Box box = layoutDiagram(term, term.root, 0, 0, layout);
        const double margin = 16;
        readable = QSize(static_cast<int>(std::ceil(box.width * kReadableCell + 2 * margin)),
            static_cast<int>(std::ceil((box.height + 1) * kReadableCell + 2 * margin)));
        if (!layout.zones.empty()) {
            const Zone &f = layout.zones.front();
            const Zone &a = layout.zones.back();
            m_redexArea = QRect(static_cast<int>(margin + f.x * kReadableCell),
                static_cast<int>(margin + f.y * kReadableCell), static_cast<int>((f.width + a.width) * kReadableCell),
                static_cast<int>((std::max(f.height, a.height) + 1) * kReadableCell));
        }
    }
    setMinimumSize(readable.expandedTo(minimumSizeHint()));
    update();
}

void DiagramWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paintContent(p, size(), Fit::Readable);
}

void DiagramWidget::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    figure::paintScaled(painter, rect, font(), style.text,
        [this](QPainter &scaled, QSize size) { paintContent(scaled, size, Fit::Whole); });
}

void DiagramWidget::paintContent(QPainter &p, QSize size, Fit fit) const
{
    p.setRenderHint(QPainter::Antialiasing);
    if (m_term.truncated || m_term.root < 0) {
        p.setPen(QColor(0x66, 0x66, 0x66));
        p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter,
            m_term.truncated ? tr("The term is too large for a diagram.") : tr("No term"));
        return;
    }
    DiagramLayout layout;
    const Box box = layoutDiagram(m_term, m_term.root, 0, 0, layout);
    const double margin = 16;
    double cell = std::min((size.width() - 2 * margin) / std::max(1, box.width),
        (size.height() - 2 * margin) / std::max(1, box.height + 1));
    // A small term is not blown up into a poster: at most about two text heights per line.
    cell = std::min(cell, 2.2 * QFontInfo(p.font()).pixelSize());
    cell = std::max(cell, fit == Fit::Readable ? kReadableCell : 1.0);
    const double left = std::max(margin, (size.width() - cell * box.width) / 2);
    const double top = std::max(margin, (size.height() - cell * (box.height + 1)) / 2);
    const double thickness = std::clamp(cell * 0.24, 1.0, 7.0);
    for (const Zone &z : layout.zones)
        p.fillRect(QRectF(left + z.x * cell, top + z.y * cell, z.width * cell, (z.height + 1) * cell), z.colour);
    for (const Segment &s : layout.segments)
        drawSegment(p, s, QPointF(left, top), cell, thickness);
}

} // namespace conceptlab::lambda
