// The main window: the gallery, and an open module's view with its parameter panel
// and playback bar; scenario files, exports, presenter mode and saved settings.
#pragma once

#include "conceptmodule.h"
#include "exportdialog.h"
#include "lesson.h"
#include "moduleregistry.h"
#include "parameterschema.h"

#include <QMainWindow>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QAction;
class QDockWidget;
class QFrame;
class QToolButton;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
QT_END_NAMESPACE

namespace conceptlab {

class AnnotationOverlay;
class GalleryWidget;
class ParameterPanel;
class PlaybackBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(ModuleRegistry &registry, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens module `id` with its saved parameters; false (and a message box unless
    /// `quiet`) if it cannot be loaded.
    bool openModule(const QString &id, bool quiet = false);
    /// Opens a scenario or lesson file (by its name); on error shows it (or, with `error`,
    /// returns it there) and keeps what is open.
    bool openFile(const QString &path, QString *error = nullptr);
    bool openScenario(const QString &path, QString *error = nullptr);
    bool openLesson(const QString &path, QString *error = nullptr);
    /// Opens a link to a state (conceptlab://<module>?key=value&...&step=N): its module,
    /// values and step. A malformed link, or one whose step is past the end, is refused (shown,
    /// or returned in `error`) before anything changes.
    bool openLink(const QString &link, QString *error = nullptr);
    /// The link to the state shown: module, parameters (those not at their default), step;
    /// empty in the gallery.
    QString currentLink() const;
    /// Shows step `index` of the open lesson; false (with `error`, if given) if there is no
    /// such step or its scenario could not be reached.
    bool showLessonStep(int index, QString *error = nullptr);
    int lessonStepCount() const { return static_cast<int>(m_lesson.steps.size()); }
    int lessonStepIndex() const { return m_lessonIndex; }
    void showGallery();

    /// Puts every parameter of the open module back to its default (and runs it).
    void resetParameters();

    /// Two live copies of the module side by side, A with the parameters panel's values and B
    /// with its own (starting from the module's suggested contrast), on one playback bar.
    void setComparing(bool on);
    bool isComparing() const;
    /// The second view while comparing, else null.
    ConceptView *compareView() const { return m_compareView; }

    /// Presenter mode: full screen, larger type, menu bar and parameters hidden.
    void setPresenting(bool on);
    bool isPresenting() const;

    QString currentModuleId() const { return m_moduleId; }
    ConceptView *currentView() const { return m_view; }
    /// File > Export Picture once its dialog is answered: writes the figure of the current step,
    /// the end or `step` (those two stepped off the GUI thread) to `path` (.png, .svg, .pdf),
    /// and says how it went.
    void exportFigure(const QString &path, QSize size, ExportDialog::StepChoice choice, int step);
    /// An export is being stepped or run.
    bool isExporting() const { return m_exportJob.isRunning(); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createEditMenu();
    void createKeyRouter();
    void createAnnotationActions(QMenu *menu);
    void enterCompare();
    void leaveCompare();
    void applyCompareParameters(const ParameterValues &values);
    void updateCompareHeadings();
    void createLessonBar();
    void closeLesson();
    /// Marks a lesson step's highlight target in the view (empty clears it).
    void applyHighlight(const QString &target);
    bool applyScenario(const Scenario &scenario, bool quiet, QString *error = nullptr);
    void fillLessonsMenu(QMenu *menu);
    std::optional<ParameterSchema> schemaOf(const QString &id, QString *loadError);
    void closeModule();
    void applyParameters(const ParameterValues &values);
    void saveParameters() const;
    ParameterValues savedParameters(const ParameterSchema &schema) const;
    void setPresenterMode(bool on);
    void openScenarioDialog();
    void saveScenarioDialog();
    void copyLinkToClipboard();
    void openLinkDialog();
    void exportPictureDialog();
    /// A progress dialog for m_exportJob, cancelling it, closed when the job ends.
    void showExportProgress(const QString &label);
    /// "Wrote …" in the status bar, or the error in a message box.
    void reportExport(const QString &title, const QString &error, const QString &path);
    void exportAnimationDialog();
    void exportResultsDialog();
    void showAboutModules();
    void showAbout();
    void updateActions();

    ModuleRegistry &m_registry;
    QStackedWidget *m_stack;
    GalleryWidget *m_gallery;
    QWidget *m_modulePage;
    QWidget *m_viewHost;
    AnnotationOverlay *m_annotations;
    PlaybackBar *m_playback;
    QDockWidget *m_parameterDock;
    QFrame *m_lessonBar = nullptr;
    QLabel *m_lessonHeading = nullptr;
    QLabel *m_lessonText = nullptr;
    QToolButton *m_lessonSteps = nullptr; ///< a menu of every step's title
    QToolButton *m_lessonPrevious = nullptr;
    QToolButton *m_lessonNext = nullptr;
    Lesson m_lesson;
    int m_lessonIndex = -1;
    QLabel *m_moduleTitle;
    QLabel *m_moduleCard;

    QString m_moduleId;
    ConceptModule *m_module = nullptr;
    ParameterSchema m_schema;
    QPointer<ConceptView> m_view;
    ParameterPanel *m_panel = nullptr;

    QPointer<ConceptView> m_compareView;
    ParameterPanel *m_comparePanel = nullptr;
    QDockWidget *m_compareDock = nullptr;
    QSplitter *m_compareSplitter = nullptr;
    QLabel *m_compareHeadingA = nullptr;
    QLabel *m_compareHeadingB = nullptr;

    BackgroundJob m_exportJob;

    QAction *m_saveScenarioAction = nullptr;
    QAction *m_copyLinkAction = nullptr;
    QAction *m_exportPictureAction = nullptr;
    QAction *m_exportAnimationAction = nullptr;
    QAction *m_exportResultsAction = nullptr;
    QAction *m_galleryAction = nullptr;
    QAction *m_presenterAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_resetParametersAction = nullptr;
    QAction *m_penAction = nullptr;
    QAction *m_laserAction = nullptr;
    qreal m_normalFontPointSize = 0;
};

} // namespace conceptlab
