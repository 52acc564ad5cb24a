// The main window: the gallery, and an open module's view with its parameter panel
// and playback bar; scenario files, exports, presenter mode and saved settings.
#pragma once

#include "conceptmodule.h"
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
class QStackedWidget;
QT_END_NAMESPACE

namespace conceptlab {

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
    /// Shows step `index` of the open lesson; false (with `error`, if given) if there is no
    /// such step or its scenario could not be reached.
    bool showLessonStep(int index, QString *error = nullptr);
    int lessonStepCount() const { return static_cast<int>(m_lesson.steps.size()); }
    int lessonStepIndex() const { return m_lessonIndex; }
    void showGallery();

    QString currentModuleId() const { return m_moduleId; }
    ConceptView *currentView() const { return m_view; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createKeyRouter();
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
    void exportPictureDialog();
    void exportResultsDialog();
    void showAboutModules();
    void showAbout();
    void updateActions();

    ModuleRegistry &m_registry;
    QStackedWidget *m_stack;
    GalleryWidget *m_gallery;
    QWidget *m_modulePage;
    QWidget *m_viewHost;
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

    BackgroundJob m_exportJob;

    QAction *m_saveScenarioAction = nullptr;
    QAction *m_exportPictureAction = nullptr;
    QAction *m_exportResultsAction = nullptr;
    QAction *m_galleryAction = nullptr;
    QAction *m_presenterAction = nullptr;
    qreal m_normalFontPointSize = 0;
};

} // namespace conceptlab
