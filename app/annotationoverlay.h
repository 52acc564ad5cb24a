// Drawing on the view while presenting: a pen whose strokes stay until the next step (Ctrl+Z
// takes back the last one), and a laser pointer, a bright dot with a short fading trail. A
// transparent layer over the module's view; with no tool chosen it lets every mouse event
// through to the view.
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QPointer>
#include <QTimer>
#include <QWidget>

namespace conceptlab {

class ConceptView;

class AnnotationOverlay : public QWidget {
    Q_OBJECT
public:
    enum class Tool { None, Pen, Laser };

    /// Covers `host` (and follows its size).
    explicit AnnotationOverlay(QWidget *host);

    /// Clears the strokes whenever `view` moves to another step; null for no view.
    void setView(ConceptView *view);
    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    int strokeCount() const { return static_cast<int>(m_strokes.size()); }
    /// Takes back the last stroke; false if there was none.
    bool undoStroke();
    void clearStrokes();

Q_SIGNALS:
    void toolChanged(conceptlab::AnnotationOverlay::Tool tool);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct TrailPoint {
        QPointF position;
        qint64 at = 0; ///< ms on m_clock
    };

    void viewStateChanged();
    void fadeTrail();

    QWidget *m_host;
    QPointer<ConceptView> m_view;
    int m_viewStep = -1;
    Tool m_tool = Tool::None;
    QList<QPainterPath> m_strokes;
    bool m_drawing = false;
    QList<TrailPoint> m_trail;
    QElapsedTimer m_clock;
    QTimer m_fade;
};

} // namespace conceptlab
