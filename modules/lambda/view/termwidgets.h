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

/// The syntax tree of a term, its next redex coloured.
class TreeWidget : public QWidget {
    Q_OBJECT
public:
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

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintContent(QPainter &p, QSize size, double progress) const;
    void drawTree(QPainter &p, QSize size, const FlatTerm &tree, double opacity) const;

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

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintContent(QPainter &p, QSize size) const;

    FlatTerm m_term;
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
