// The Export Animation dialog and the window's export run.
#include "exportanimationdialog.h"

#include "conceptmodule.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>

namespace conceptlab {

namespace {

    QSpinBox *spinBox(int minimum, int maximum, int value, const QString &suffix = {})
    {
        auto *box = new QSpinBox;
        box->setRange(minimum, maximum);
        box->setValue(std::clamp(value, minimum, maximum));
        box->setSuffix(suffix);
        return box;
    }

    constexpr int kMinSide = 64;
    constexpr int kMaxSide = 8192;
    constexpr int kDefaultFrames = 30;
    constexpr int kDefaultFps = 10;

} // namespace

ExportAnimationDialog::ExportAnimationDialog(int firstStep, QSize size, QWidget *parent)
    : QDialog(parent)
    , m_firstStep(spinBox(0, kMaxAnimationStep, firstStep))
    , m_lastStep(spinBox(0, kMaxAnimationStep, firstStep + kDefaultFrames - 1))
    , m_fps(spinBox(kMinAnimationFps, kMaxAnimationFps, kDefaultFps, tr(" frames/s")))
    , m_width(spinBox(kMinSide, kMaxSide, size.width(), tr(" px")))
    , m_height(spinBox(kMinSide, kMaxSide, size.height(), tr(" px")))
    , m_message(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Export Animation"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("From step:"), m_firstStep);
    form->addRow(tr("To step:"), m_lastStep);
    form->addRow(tr("Frame rate:"), m_fps);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×")));
    sizeRow->addWidget(m_height);
    form->addRow(tr("Size:"), sizeRow);
    m_message->setWordWrap(true);
    form->addRow(m_message);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QSpinBox *box : { m_firstStep, m_lastStep, m_fps, m_width, m_height })
        connect(box, &QSpinBox::valueChanged, this, &ExportAnimationDialog::check);
    check();
}

AnimationOptions ExportAnimationDialog::options() const
{
    AnimationOptions options;
    options.firstStep = m_firstStep->value();
    options.lastStep = m_lastStep->value();
    options.fps = m_fps->value();
    options.size = QSize(m_width->value(), m_height->value());
    return options;
}

void ExportAnimationDialog::check()
{
    const AnimationOptions chosen = options();
    // The limits of checkAnimationOptions(), in the dialog's words rather than the options'.
    QString error;
    if (chosen.firstStep > chosen.lastStep)
        error = tr("The first step is after the last.");
    else if (chosen.frameCount() > kMaxAnimationFrames)
        error = tr("%1 frames: an animation has at most %2.").arg(chosen.frameCount()).arg(kMaxAnimationFrames);
    else if (!checkAnimationOptions(chosen).isEmpty())
        error = tr("%1 frames of %2 × %3 pixels: at most %4 pixels in all frames; make it smaller or shorter.")
                    .arg(chosen.frameCount())
                    .arg(chosen.size.width())
                    .arg(chosen.size.height())
                    .arg(kMaxAnimationPixels);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
    const QString frames = chosen.frameCount() == 1 ? tr("1 frame") : tr("%1 frames").arg(chosen.frameCount());
    const QString seconds = QString::number(static_cast<double>(chosen.frameCount()) / chosen.fps, 'f', 1);
    m_message->setText(error.isEmpty() ? tr("%1, %2 s").arg(frames, seconds) : error);
}

AnimationExportRun *AnimationExportRun::start(
    ConceptModule *module, const ParameterValues &values, const AnimationOptions &options, QWidget *parent)
{
    auto *run = new AnimationExportRun(module, options, parent);
    run->buildSession(values);
    return run;
}

AnimationExportRun::AnimationExportRun(ConceptModule *module, AnimationOptions options, QWidget *parent)
    : QObject(parent)
    , m_module(module)
    , m_options(std::move(options))
    , m_parentWidget(parent)
    , m_progress(new QProgressDialog(
          tr("Preparing step %1…").arg(m_options.firstStep), tr("Cancel"), 0, m_options.frameCount() + 1, parent))
{
    m_progress->setWindowTitle(tr("Export Animation"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(0);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setValue(0);
    connect(m_progress, &QProgressDialog::canceled, this, [this] {
        m_builder.cancel();
        if (m_exporter)
            m_exporter->cancel();
        else
            end({ ExportOutcome::Cancelled, tr("cancelled") });
    });
}

AnimationExportRun::~AnimationExportRun()
{
    delete m_exporter; // before the view it draws
    m_progress->deleteLater();
}

void AnimationExportRun::buildSession(const ParameterValues &values)
{
    ConceptModule *module = m_module;
    const int firstStep = m_options.firstStep;
    // Building a session can be slow: off the GUI thread, like the view's own.
    m_builder.start<std::unique_ptr<Session>>(
        [module, values, firstStep](const WorkControl &control) {
            std::unique_ptr<Session> session = module->createSession(values, control);
            for (int step = 0; step < firstStep; ++step) {
                if (!session->stepForward())
                    throw InputError("step " + std::to_string(firstStep)
                        + " is past the end: the simulation ends at step " + std::to_string(step));
                if (step % 256 == 0)
                    control.checkpoint();
            }
            return session;
        },
        [this](std::unique_ptr<Session> session) { drawFrames(std::move(session)); },
        [this](const QString &error) {
            end({ ExportOutcome::BadInput, error });
        });
}

void AnimationExportRun::drawFrames(std::unique_ptr<Session> session)
{
    m_view.reset(m_module->createView(nullptr));
    m_view->showSession(std::move(session));
    m_exporter = new AnimationExporter(m_view.get(), m_options);
    connect(m_exporter, &AnimationExporter::progressChanged, this, [this](int framesDrawn, int frameCount) {
        m_progress->setLabelText(framesDrawn < frameCount
                ? tr("Drawing frame %1 of %2…").arg(framesDrawn + 1).arg(frameCount)
                : tr("Encoding…"));
        m_progress->setValue(framesDrawn);
    });
    connect(m_exporter, &AnimationExporter::finished, this, &AnimationExportRun::end);
    m_progress->setLabelText(tr("Drawing frame 1 of %1…").arg(m_options.frameCount()));
    m_exporter->start();
}

void AnimationExportRun::end(const ExportResult &result)
{
    if (m_ended)
        return;
    m_ended = true;
    m_progress->hide();
    Q_EMIT finished(result);
    deleteLater();
}

} // namespace conceptlab
