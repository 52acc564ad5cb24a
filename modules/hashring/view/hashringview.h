// The live view of the hashring module: the ring (or bucket) drawing and the charts of the
// session's current step, and the controls that make a node join, leave or change weight.
#pragma once

#include "conceptmodule.h"
#include "core/hashringsession.h"

#include <QHash>

#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QPushButton;
QT_END_NAMESPACE

namespace conceptlab::hashring {

class HashringCharts;
class RingWidget;

class HashringView : public ConceptView {
    Q_OBJECT
public:
    explicit HashringView(QWidget *parent = nullptr);

    /// Builds a new session from the parameters (off the GUI thread).
    void setParameters(const ParameterValues &values) override;
    /// The input error, "computing…" while the first session is built, else the session's line.
    QString statusText() const override;
    /// Marks "node:<name>" or "key:<name>" in the drawing; empty clears.
    void setHighlight(const QString &target) override;

    /// The session shown, typed; null while building or after an input error.
    HashringSession *hashringSession() const;

    /// Strategy, nodes, keys and virtual nodes.
    QString figureSubtitle() const override;

protected:
    void showSnapshot() override;
    /// The ring or columns with their legend, and the charts beside them.
    void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style) override;

private:
    void nodeClicked(const QString &node);
    /// Replaces the session by one where `event` happens now (built off the GUI thread).
    void branch(const Event &event);
    void applyHighlight();
    /// Shows the compiled-in example scenario `name` (:/hashring/<name>.conceptlab.json): its
    /// parameters go to the shell's panel, and the view opens it at its step.
    void loadExample(const QString &name);

    // What is on screen, to animate from it on the next step (drawing state, not simulation).
    std::shared_ptr<const TimelineState> m_shownState;
    std::shared_ptr<const KeySet> m_shownKeys;
    int m_shownStep = 0;
    std::shared_ptr<const StrategyMoves> m_shownMoves;
    QString m_highlight;

    RingWidget *m_ring = nullptr;
    HashringCharts *m_charts = nullptr;
    QPushButton *m_addButton = nullptr;
    QComboBox *m_clickAction = nullptr;
    QLabel *m_clickWhere = nullptr;
    QLabel *m_hint = nullptr;
    QComboBox *m_examples = nullptr;
};

} // namespace conceptlab::hashring
