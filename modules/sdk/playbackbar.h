// Playback controls shared by the shell and side-by-side views: reset, step back,
// play/pause, step, and a speed slider, with the keyboard shortcuts Space, Left, Right, R.
#pragma once

#include "conceptlabsdk_export.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QSlider;
class QTimer;
class QToolButton;
QT_END_NAMESPACE

namespace conceptlab {

class ConceptView;

class CONCEPTLAB_SDK_EXPORT PlaybackBar : public QWidget {
    Q_OBJECT
public:
    explicit PlaybackBar(QWidget *parent = nullptr);

    /// The view to drive; null detaches. The bar follows the view's stateChanged().
    void setView(ConceptView *view);
    bool isPlaying() const;
    /// Steps per second while playing.
    double stepsPerSecond() const;
    void setStepsPerSecond(double stepsPerSecond);

public Q_SLOTS:
    void togglePlay();
    void pause();
    void stepForward();
    void stepBackward();
    void reset();

private:
    void onTick();
    void refresh();

    ConceptView *m_view = nullptr;
    QTimer *m_timer;
    QToolButton *m_resetButton;
    QToolButton *m_backButton;
    QToolButton *m_playButton;
    QToolButton *m_stepButton;
    QSlider *m_speedSlider;
    QLabel *m_speedLabel;
    QLabel *m_stepLabel;
};

} // namespace conceptlab
