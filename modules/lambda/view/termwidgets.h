// Pictures of one term: its syntax tree (with the next redex coloured and a cross-fade
// when a step substitutes) and its Tromp lambda diagram.
#pragma once

#include "figure.h"

#include "core/flatten.h"

#include <QVariantAnimation>
#include <QWidget>

namespace conceptlab::lambda {

/// Colours shared by the editor highlights and the tree.
QColor redexFunctionColor();
QColor redexArgumentColor();
/// The tint of the steps on a cycle (history rows of a term that loops forever).
QColor cycleColor();
/// The colour of a lesson highlight (the redex, or a binder, named by a lesson step).
QColor lessonHighlightColor();

/// How a picture meets its rectangle: at a readable size (larger than the rectangle when it
/// must be, for a scroll area), or whole (a figure), however small.
enum class Fit { Readable, Whole };

/// The syntax tree of a term, its next redex coloured.
class TreeWidget : public QWidget {
    Q_OBJECT
public:
    /// A node's place: its column (leaves are 0, 1, 2, …) and depth.
    struct Placed {
        double x = 0;
        int depth = 0;
    };
    explicit TreeWidget(QWidget *parent = nullptr);
    /// Shows `tree`; with `animate`, cross-fades from the tree shown before.
    void setTree(const FlatTerm &tree, bool animate);
    /// Lesson highlights: a halo around the redex's application node when `redex`, and
    /// around every λ binding `binder` (empty: none). Takes effect with the next paint.
    void setMarks(bool redex, const QString &binder);
    QSize minimumSizeHint() const override { return { 240, 160 }; }
    /// The substitution animation is still running.
    bool isAnimating() const { return m_fade.state() == QAbstractAnimation::Running; }
    /// The tree (its final state) into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;
    /// The smallest size at which `tree`'s nodes and labels are readable, in pixels.
    QSize readableSize(const FlatTerm &tree) const;
    /// The centre of the next redex's node in widget pixels; (-1, -1) when none.
    QPoint redexCentre() const;
    /// The tree shown.
    const FlatTerm &tree() const { return m_tree; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Geometry {
        std::vector<Placed> placed;
        double leaves = 1;
        int depth = 0;
        double margin = 18;
        double stepX = 0; ///< pixels between leaves
        double stepY = 0; ///< pixels between depths
        double radius = 0; ///< of a node, pixels
        double fontPx = 0; ///< of a node's label
        double offsetX = 0; ///< of column 0's centre
        double width = 0; ///< the whole tree, pixels
        double height = 0;
    };
    static Geometry geometry(const FlatTerm &tree, QSizeF size, double text, Fit fit);
    void paintContent(QPainter &p, QSize size, double progress, Fit fit) const;
    void drawTree(QPainter &p, QSize size, const FlatTerm &tree, double opacity, Fit fit) const;

    FlatTerm m_tree;
    FlatTerm m_previous;
    QVariantAnimation m_fade;
    double m_progress = 1.0;
    bool m_markRedex = false;
    QString m_markBinder;
};

/// Tromp's lambda diagram of a term.
class DiagramWidget : public QWidget {
    Q_OBJECT
public:
    explicit DiagramWidget(QWidget *parent = nullptr);
    /// Shows `term` (names expanded); its redex (FlatNode::role) is shaded in the term's colours.
    void setTerm(const FlatTerm &term);
    QSize minimumSizeHint() const override { return { 240, 160 }; }
    /// The diagram into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;
    /// Pixels per line of the diagram at least, in the widget.
    static constexpr double kReadableCell = 7;
    /// Where the redex is at the readable size (for scrolling to it); empty when none.
    QRect redexArea() const { return m_redexArea; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintContent(QPainter &p, QSize size, Fit fit) const;

    FlatTerm m_term;
    QRect m_redexArea;
};

/// The diagram's legend (λ bar, variable line, application link, redex) in rows that wrap
/// within `rect`'s width, from its top, in `font`.
void paintDiagramLegend(QPainter &p, const QRectF &rect, const QFont &font);
/// The height paintDiagramLegend() uses at `width`.
double diagramLegendHeight(double width, const QFont &font);

/// The diagram's legend as a widget (below the diagram, so it stays in view when it scrolls).
class DiagramLegend : public QWidget {
    Q_OBJECT
public:
    explicit DiagramLegend(QWidget *parent = nullptr);
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace conceptlab::lambda
