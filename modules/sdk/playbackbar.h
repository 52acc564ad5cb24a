// Playback controls shared by the shell and side-by-side views: reset, step back,
// play/pause, step, and a speed slider, with the keyboard shortcuts Space, Left, Right, R.
#pragma once

#include "conceptlabsdk_export.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QFontMetrics;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;
QT_END_NAMESPACE

namespace conceptlab {

class ConceptView;
class PlaybackStatusLabel;

/// `text` as it fits in `width` pixels: whole " · "-separated parts dropped from the end and
/// " …" added, or, when even the first part is too wide, that part elided.
CONCEPTLAB_SDK_EXPORT QString elidedStatus(const QString &text, const QFontMetrics &metrics, int width);

class CONCEPTLAB_SDK_EXPORT PlaybackBar : public QWidget {
    Q_OBJECT
public:
    explicit PlaybackBar(QWidget *parent = nullptr);

    /// The view to drive; null detaches. The bar follows the view's stateChanged().
    void setView(ConceptView *view);
    /// Several views on one step axis (side-by-side comparison): each press steps every view
    /// that has not finished, Back steps those at the newest step, and playing ends when all
    /// have finished. The step shown is the newest; the views' own statuses are not shown.
    void setViews(const QList<ConceptView *> &views);
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
    bool allAtEnd() const;
    int sharedStep() const;
    /// The views at the shared step that can step back.
    QList<ConceptView *> backSteppable() const;

    ConceptView *m_view = nullptr; ///< the first of m_views
    QList<ConceptView *> m_views;
    QTimer *m_timer;
    QToolButton *m_resetButton;
    QToolButton *m_backButton;
    QToolButton *m_playButton;
    QToolButton *m_stepButton;
    QSlider *m_speedSlider;
    QLabel *m_speedLabel;
    PlaybackStatusLabel *m_stepLabel;
};

} // namespace conceptlab
