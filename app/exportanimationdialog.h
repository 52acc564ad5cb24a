// File > Export Animation: the dialog that asks for steps, frame rate and size, and the run
// that builds the session off the GUI thread, draws the frames in short slices between events
// and encodes them off the GUI thread, with progress and cancel.
#pragma once

#include "animationexport.h"
#include "backgroundjob.h"

#include <QDialog>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QProgressDialog;
class QSpinBox;
QT_END_NAMESPACE

namespace conceptlab {

class ConceptModule;
class ConceptView;
class Session;

/// The options of an animation; OK is enabled only for options within the limits.
class ExportAnimationDialog : public QDialog {
    Q_OBJECT
public:
    /// Starts at `firstStep`, 30 frames long, at `size` (clamped to the limits).
    ExportAnimationDialog(int firstStep, QSize size, QWidget *parent = nullptr);

    /// The steps, frame rate and size chosen (no path or format yet).
    AnimationOptions options() const;

private:
    void check();

    QSpinBox *m_firstStep;
    QSpinBox *m_lastStep;
    QSpinBox *m_fps;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
};

/// One export from the window: owns the hidden view it draws and deletes itself when done.
class AnimationExportRun : public QObject {
    Q_OBJECT
public:
    /// Starts exporting `module` with `values` as `options` say; `parent` shows the progress.
    static AnimationExportRun *start(
        ConceptModule *module, const ParameterValues &values, const AnimationOptions &options, QWidget *parent);
    ~AnimationExportRun() override;

Q_SIGNALS:
    /// The export ended; Written means the file is there.
    void finished(const conceptlab::ExportResult &result);

private:
    AnimationExportRun(ConceptModule *module, AnimationOptions options, QWidget *parent);
    void buildSession(const ParameterValues &values);
    void drawFrames(std::unique_ptr<Session> session);
    void end(const ExportResult &result);

    ConceptModule *m_module;
    AnimationOptions m_options;
    QWidget *m_parentWidget;
    BackgroundJob m_builder;
    std::unique_ptr<ConceptView> m_view;
    AnimationExporter *m_exporter = nullptr;
    QProgressDialog *m_progress;
    bool m_ended = false;
};

} // namespace conceptlab
