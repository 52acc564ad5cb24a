// Pictures of one term: its syntax tree (with the next redex coloured and a cross-fade
// when a step substitutes) and its Tromp lambda diagram.
#pragma once

#include "core/evaluation.h"

#include <QVariantAnimation>
#include <QWidget>

namespace conceptlab::lambda {

/// Colours shared by the editor highlights and the tree.
QColor redexFunctionColor();
QColor redexArgumentColor();

class TreeWidget : public QWidget {
    Q_OBJECT
public:
    explicit TreeWidget(QWidget *parent = nullptr);
    /// Shows `tree`; with `animate`, cross-fades from the tree shown before.
    void setTree(const FlatTerm &tree, bool animate);
    QSize minimumSizeHint() const override { return { 240, 160 }; }
    /// The substitution animation is still running.
    bool isAnimating() const { return m_fade.state() == QAbstractAnimation::Running; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void drawTree(QPainter &p, const FlatTerm &tree, double opacity);

    FlatTerm m_tree;
    FlatTerm m_previous;
    QVariantAnimation m_fade;
    double m_progress = 1.0;
};

class DiagramWidget : public QWidget {
    Q_OBJECT
public:
    explicit DiagramWidget(QWidget *parent = nullptr);
    void setTerm(const FlatTerm &term);
    QSize minimumSizeHint() const override { return { 240, 160 }; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    FlatTerm m_term;
};

} // namespace conceptlab::lambda
