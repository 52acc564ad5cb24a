// PlaybackBar: a timer that steps the view while playing, and the buttons around it.
#include "playbackbar.h"

#include "conceptmodule.h"
#include "viewfonts.h"

#include <QAction>
#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace conceptlab {

namespace {
    // The slider is logarithmic: position p gives 2^(p/4) steps per second, 0.25 to 256.
    constexpr int kSliderMin = -8;
    constexpr int kSliderMax = 32;

    /// A button driven by an action: the action's shortcut fires at once (a button's own
    /// shortcut animates a click and would swallow quick repeated key presses).
    QToolButton *makeButton(
        QWidget *parent, QStyle::StandardPixmap icon, const QString &text, const QKeySequence &shortcut)
    {
        auto *action = new QAction(parent->style()->standardIcon(icon), text, parent);
        action->setShortcut(shortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText)));
        parent->addAction(action);
        auto *button = new QToolButton(parent);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        return button;
    }
} // namespace

/// The step and status line. Too long for its room, it drops whole " · " parts from the
/// end (never cutting a word in half) and ends in "…"; the tooltip holds the whole line.
class PlaybackStatusLabel : public QLabel {
public:
    explicit PlaybackStatusLabel(QWidget *parent)
        : QLabel(parent)
    {
        setObjectName(QStringLiteral("playbackStatus"));
        setTextInteractionFlags(Qt::TextSelectableByMouse);
        // A long status takes the room that is left rather than squeezing the controls.
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    void setFullText(const QString &text)
    {
        m_fullText = text;
        setToolTip(text);
        fit();
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        fit();
    }
    void changeEvent(QEvent *event) override
    {
        QLabel::changeEvent(event);
        if (event->type() == QEvent::FontChange)
            fit();
    }

private:
    void fit()
    {
        const QString shown = elidedStatus(m_fullText, fontMetrics(), contentsRect().width());
        if (shown != text())
            setText(shown);
    }
    QString m_fullText;
};

QString elidedStatus(const QString &text, const QFontMetrics &metrics, int width)
{
    if (metrics.horizontalAdvance(text) <= width)
        return text;
    static const QString separator = QStringLiteral(" · ");
    const QString ellipsis = QStringLiteral(" …");
    qsizetype end = text.lastIndexOf(separator);
    while (end > 0) {
        QString kept = text.left(end) + ellipsis;
        if (metrics.horizontalAdvance(kept) <= width)
            return kept;
        end = text.lastIndexOf(separator, end - 1);
    }
    return metrics.elidedText(text.left(text.indexOf(separator)), Qt::ElideRight, width);
}

PlaybackBar::PlaybackBar(QWidget *parent)
    : QWidget(parent)
    , m_timer(new QTimer(this))
{
    m_resetButton = makeButton(this, QStyle::SP_MediaSkipBackward, tr("Reset"), QKeySequence(Qt::Key_R));
    m_backButton = makeButton(this, QStyle::SP_MediaSeekBackward, tr("Back"), QKeySequence(Qt::Key_Left));
    m_playButton = makeButton(this, QStyle::SP_MediaPlay, tr("Play"), QKeySequence(Qt::Key_Space));
    m_stepButton = makeButton(this, QStyle::SP_MediaSeekForward, tr("Step"), QKeySequence(Qt::Key_Right));
    m_speedSlider = new QSlider(Qt::Horizontal, this);
    m_speedSlider->setRange(kSliderMin, kSliderMax);
    m_speedSlider->setToolTip(tr("Playback speed"));
    m_speedSlider->setMinimumWidth(100);
    m_speedSlider->setMaximumWidth(160);
    m_speedLabel = new QLabel(this);
    // Play/Pause and the speed keep one width, so nothing after them moves when they change
    // (and they follow the application font in presenter mode).
    onApplicationFontChange(this, [this] {
        m_speedLabel->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("256.0 steps/s")));
        QAction *play = m_playButton->defaultAction();
        const QString shown = play->text();
        int widest = 0;
        for (const QString &text : { tr("Play"), tr("Pause") }) {
            play->setText(text);
            widest = std::max(widest, m_playButton->sizeHint().width());
        }
        play->setText(shown);
        m_playButton->setMinimumWidth(widest);
    });
    m_stepLabel = new PlaybackStatusLabel(this);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    for (QWidget *widget : { static_cast<QWidget *>(m_resetButton), static_cast<QWidget *>(m_backButton),
             static_cast<QWidget *>(m_playButton), static_cast<QWidget *>(m_stepButton) })
        layout->addWidget(widget);
    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("Speed"), this));
    layout->addWidget(m_speedSlider);
    layout->addWidget(m_speedLabel);
    layout->addSpacing(12);
    layout->addWidget(m_stepLabel, 1);

    connect(m_resetButton->defaultAction(), &QAction::triggered, this, &PlaybackBar::reset);
    connect(m_backButton->defaultAction(), &QAction::triggered, this, &PlaybackBar::stepBackward);
    connect(m_playButton->defaultAction(), &QAction::triggered, this, &PlaybackBar::togglePlay);
    connect(m_stepButton->defaultAction(), &QAction::triggered, this, &PlaybackBar::stepForward);
    connect(m_timer, &QTimer::timeout, this, &PlaybackBar::onTick);
    connect(m_speedSlider, &QSlider::valueChanged, this, [this](int position) {
        const double rate = std::pow(2.0, position / 4.0);
        m_timer->setInterval(std::max(1, static_cast<int>(std::lround(1000.0 / rate))));
        m_speedLabel->setText(tr("%1 steps/s").arg(rate, 0, 'f', rate < 10 ? 1 : 0));
    });
    m_speedSlider->setValue(12); // 8 steps per second
    refresh();
}

void PlaybackBar::setView(ConceptView *view)
{
    setViews(view != nullptr ? QList<ConceptView *> { view } : QList<ConceptView *> {});
}

void PlaybackBar::setViews(const QList<ConceptView *> &views)
{
    pause();
    for (ConceptView *old : std::as_const(m_views))
        disconnect(old, nullptr, this, nullptr);
    m_views = views;
    m_view = views.isEmpty() ? nullptr : views.first();
    for (ConceptView *view : views) {
        connect(view, &ConceptView::stateChanged, this, &PlaybackBar::refresh);
        // A view deleted while driven (its module closed) is dropped.
        connect(view, &QObject::destroyed, this, [this, view] {
            m_views.removeAll(view);
            m_view = m_views.isEmpty() ? nullptr : m_views.first();
            refresh();
        });
    }
    refresh();
}

bool PlaybackBar::allAtEnd() const
{
    return std::all_of(m_views.begin(), m_views.end(), [](const ConceptView *v) { return v->atEnd(); });
}

int PlaybackBar::sharedStep() const
{
    int step = 0;
    for (const ConceptView *view : m_views)
        step = std::max(step, view->currentStep());
    return step;
}

QList<ConceptView *> PlaybackBar::backSteppable() const
{
    const int step = sharedStep();
    QList<ConceptView *> views;
    for (ConceptView *view : m_views) {
        if (view->currentStep() == step && view->canStepBackward())
            views.append(view);
    }
    return views;
}

bool PlaybackBar::isPlaying() const
{
    return m_timer->isActive();
}

double PlaybackBar::stepsPerSecond() const
{
    return std::pow(2.0, m_speedSlider->value() / 4.0);
}

void PlaybackBar::setStepsPerSecond(double stepsPerSecond)
{
    m_speedSlider->setValue(static_cast<int>(std::lround(4.0 * std::log2(std::max(stepsPerSecond, 0.01)))));
}

void PlaybackBar::togglePlay()
{
    if (!m_view)
        return;
    if (isPlaying()) {
        pause();
        return;
    }
    if (allAtEnd()) {
        for (ConceptView *view : std::as_const(m_views))
            view->reset();
    }
    m_timer->start();
    refresh();
}

void PlaybackBar::pause()
{
    m_timer->stop();
    refresh();
}

void PlaybackBar::stepForward()
{
    // Every press is a step, even while the view animates the last one (the timer, in
    // onTick, waits for a busy view instead).
    for (ConceptView *view : std::as_const(m_views)) {
        if (!view->atEnd())
            view->stepForward();
    }
    refresh();
}

void PlaybackBar::stepBackward()
{
    for (ConceptView *view : backSteppable())
        view->stepBackward();
    refresh();
}

void PlaybackBar::reset()
{
    pause();
    for (ConceptView *view : std::as_const(m_views))
        view->reset();
    refresh();
}

void PlaybackBar::onTick()
{
    if (!m_view || allAtEnd()) {
        pause();
        return;
    }
    // A view still computing a step is not asked for another; side by side, the others
    // wait for it, so they stay on one step.
    if (std::any_of(m_views.begin(), m_views.end(), [](const ConceptView *v) { return v->isBusy(); }))
        return;
    for (ConceptView *view : std::as_const(m_views)) {
        if (!view->atEnd())
            view->stepForward();
    }
}

void PlaybackBar::refresh()
{
    const bool hasView = m_view != nullptr;
    m_resetButton->defaultAction()->setEnabled(hasView);
    m_backButton->defaultAction()->setEnabled(hasView && !backSteppable().isEmpty());
    m_stepButton->defaultAction()->setEnabled(hasView && !allAtEnd());
    m_playButton->defaultAction()->setEnabled(hasView);
    m_playButton->defaultAction()->setIcon(
        style()->standardIcon(isPlaying() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playButton->defaultAction()->setText(isPlaying() ? tr("Pause") : tr("Play"));
    if (!hasView) {
        m_stepLabel->setFullText(QString());
        return;
    }
    QString text = tr("Step %1").arg(sharedStep());
    if (allAtEnd())
        text += tr(" · finished");
    const QString status = m_views.size() == 1 ? m_view->statusText() : QString();
    if (!status.isEmpty())
        text += QStringLiteral(" · ") + status;
    m_stepLabel->setFullText(text);
    if (isPlaying() && allAtEnd())
        pause();
}

} // namespace conceptlab
