// MainWindow: switching between the gallery and a module, and the actions around them.
#include "mainwindow.h"

#include "aboutmodulesdialog.h"
#include "annotationoverlay.h"
#include "conceptmodule.h"
#include "datapaths.h"
#include "exportanimationdialog.h"
#include "exportdialog.h"
#include "gallerywidget.h"
#include "keyrouter.h"
#include "lesson.h"
#include "parameterpanel.h"
#include "playbackbar.h"
#include "scenario.h"
#include "viewfonts.h"
#include "viewrenderer.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace conceptlab {

namespace {
    QString settingsGroup(const QString &moduleId)
    {
        return QStringLiteral("modules/%1/parameters").arg(moduleId);
    }

    // Presenter mode's body text: 1/48 of the screen's height (22.5 px on a 1080-line
    // projector, readable from the back of a classroom), and never less than 1.5 × the normal
    // size. Code follows it at the same size, lesson text at 1.2 ×, chart labels at 0.9 ×.
    qreal presenterFontPointSize(qreal normalPointSize, const QScreen *screen)
    {
        if (screen == nullptr)
            return normalPointSize * 1.5;
        const qreal pixels = screen->geometry().height() / 48.0;
        const qreal points = pixels * 72.0 / screen->logicalDotsPerInchY();
        return std::max(normalPointSize * 1.5, points);
    }
} // namespace

MainWindow::MainWindow(ModuleRegistry &registry, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(registry)
{
    setWindowTitle(QStringLiteral("ConceptLab"));
    setObjectName(QStringLiteral("mainWindow"));
    m_stack = new QStackedWidget(this);
    m_gallery = new GalleryWidget(m_stack);
    m_gallery->setModules(m_registry);
    m_stack->addWidget(m_gallery);

    m_modulePage = new QWidget(m_stack);
    auto *pageLayout = new QVBoxLayout(m_modulePage);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(0);
    // A slim header: the way back to the gallery, and what this module is about.
    auto *header = new QWidget(m_modulePage);
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(6, 4, 12, 4);
    auto *back = new QToolButton(header);
    back->setText(tr("Concepts"));
    back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    back->setAutoRaise(true);
    back->setToolTip(tr("Back to the gallery (Ctrl+G)"));
    connect(back, &QToolButton::clicked, this, &MainWindow::showGallery);
    m_moduleTitle = new QLabel(header);
    followApplicationFont(m_moduleTitle, { .scale = 1.35, .bold = true });
    m_moduleCard = new QLabel(header);
    m_moduleCard->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long card text wraps instead of widening the window.
    m_moduleCard->setWordWrap(true);
    m_moduleCard->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    headerLayout->addWidget(back);
    headerLayout->addSpacing(8);
    headerLayout->addWidget(m_moduleTitle);
    headerLayout->addSpacing(12);
    headerLayout->addWidget(m_moduleCard, 1);
    pageLayout->addWidget(header);
    createLessonBar();
    pageLayout->addWidget(m_lessonBar);
    m_viewHost = new QWidget(m_modulePage);
    auto *hostLayout = new QVBoxLayout(m_viewHost);
    hostLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(m_viewHost, 1);
    m_annotations = new AnnotationOverlay(m_viewHost);
    m_playback = new PlaybackBar(m_modulePage);
    pageLayout->addWidget(m_playback);
    m_stack->addWidget(m_modulePage);
    setCentralWidget(m_stack);

    m_parameterDock = new QDockWidget(tr("Parameters"), this);
    m_parameterDock->setObjectName(QStringLiteral("parameterDock"));
    m_parameterDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, m_parameterDock);
    m_parameterDock->hide();

    createActions();
    createKeyRouter();
    connect(m_gallery, &GalleryWidget::moduleActivated, this, [this](const QString &id) { openModule(id); });
    connect(m_gallery, &GalleryWidget::failuresLinkActivated, this, &MainWindow::showAboutModules);
    connect(m_gallery, &GalleryWidget::lessonActivated, this, [this](const QString &path) { openLesson(path); });
    m_gallery->setLessonFolder(QDir(dataDirectory()).filePath(QStringLiteral("lessons")));

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_parameterDock->hide(); // shown again when a module opens
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createLessonBar()
{
    // The words of the current lesson step, above the view; PageUp/PageDown (what
    // presentation clickers send) move between steps.
    m_lessonBar = new QFrame(m_modulePage);
    m_lessonBar->setObjectName(QStringLiteral("lessonBar"));
    m_lessonBar->setFrameShape(QFrame::StyledPanel);
    m_lessonBar->setAutoFillBackground(true);
    QPalette palette = m_lessonBar->palette();
    palette.setColor(QPalette::Window, palette.color(QPalette::AlternateBase));
    m_lessonBar->setPalette(palette);
    auto *layout = new QHBoxLayout(m_lessonBar);
    layout->setContentsMargins(12, 8, 12, 8);
    auto *words = new QVBoxLayout;
    m_lessonHeading = new QLabel(m_lessonBar);
    QFont headingFont = m_lessonHeading->font();
    headingFont.setBold(true);
    m_lessonHeading->setFont(headingFont);
    m_lessonText = new QLabel(m_lessonBar);
    m_lessonText->setWordWrap(true);
    followApplicationFont(m_lessonText, { .scale = 1.2 });
    words->addWidget(m_lessonHeading);
    words->addWidget(m_lessonText);
    layout->addLayout(words, 1);
    // The lesson at a glance: every step's title, the current one checked; one click goes there.
    m_lessonSteps = new QToolButton(m_lessonBar);
    m_lessonSteps->setObjectName(QStringLiteral("lessonSteps"));
    m_lessonSteps->setText(tr("Steps"));
    m_lessonSteps->setToolTip(tr("All steps of this lesson"));
    m_lessonSteps->setPopupMode(QToolButton::InstantPopup);
    m_lessonSteps->setAutoRaise(true);
    m_lessonSteps->setMenu(new QMenu(m_lessonSteps));
    layout->addWidget(m_lessonSteps);
    m_lessonPrevious = new QToolButton(m_lessonBar);
    m_lessonNext = new QToolButton(m_lessonBar);
    auto *previous = new QAction(style()->standardIcon(QStyle::SP_ArrowBack), tr("Previous"), this);
    previous->setShortcut(QKeySequence(Qt::Key_PageUp));
    auto *next = new QAction(style()->standardIcon(QStyle::SP_ArrowForward), tr("Next"), this);
    next->setShortcut(QKeySequence(Qt::Key_PageDown));
    m_lessonBar->addAction(previous);
    m_lessonBar->addAction(next);
    m_lessonPrevious->setDefaultAction(previous);
    m_lessonNext->setDefaultAction(next);
    for (QToolButton *button : { m_lessonPrevious, m_lessonNext }) {
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(true);
        layout->addWidget(button);
    }
    connect(previous, &QAction::triggered, this, [this] { showLessonStep(m_lessonIndex - 1); });
    connect(next, &QAction::triggered, this, [this] { showLessonStep(m_lessonIndex + 1); });
    m_lessonBar->hide();
}

void MainWindow::fillLessonsMenu(QMenu *menu)
{
    // Read when the menu opens, not at start-up: the titles are in the files.
    menu->clear();
    const QDir folder(QDir(dataDirectory()).filePath(QStringLiteral("lessons")));
    for (const QString &name : folder.entryList({ QStringLiteral("*.lesson.json") }, QDir::Files, QDir::Name)) {
        const QString path = folder.filePath(name);
        QByteArray contents;
        QString title = name;
        if (readDocumentFile(path, &contents).isEmpty()) {
            const QJsonValue value = QJsonDocument::fromJson(contents).object().value(QLatin1String("title"));
            if (value.isString())
                title = value.toString();
        }
        menu->addAction(title, this, [this, path] { openLesson(path); });
    }
    if (menu->isEmpty())
        menu->addAction(tr("No lessons found"))->setEnabled(false);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Scenario or Lesson…"), this, &MainWindow::openScenarioDialog);
    open->setShortcut(QKeySequence::Open);
    QMenu *lessons = file->addMenu(tr("&Lessons"));
    connect(lessons, &QMenu::aboutToShow, this, [this, lessons] { fillLessonsMenu(lessons); });
    m_saveScenarioAction = file->addAction(tr("&Save Scenario As…"), this, &MainWindow::saveScenarioDialog);
    m_saveScenarioAction->setShortcut(QKeySequence::Save);
    file->addSeparator();
    m_exportPictureAction = file->addAction(tr("Export &Picture…"), this, &MainWindow::exportPictureDialog);
    m_exportPictureAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAnimationAction = file->addAction(tr("Export &Animation…"), this, &MainWindow::exportAnimationDialog);
    m_exportResultsAction = file->addAction(tr("Export &Results…"), this, &MainWindow::exportResultsDialog);
    m_exportResultsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    createEditMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_galleryAction = view->addAction(tr("&Gallery"), this, &MainWindow::showGallery);
    m_galleryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    view->addAction(m_parameterDock->toggleViewAction());
    view->addSeparator();
    m_presenterAction = view->addAction(tr("&Presenter Mode"));
    m_presenterAction->setCheckable(true);
    m_presenterAction->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_presenterAction, &QAction::toggled, this, &MainWindow::setPresenterMode);
    QAction *fullScreen = view->addAction(tr("&Full Screen"));
    fullScreen->setShortcut(QKeySequence::FullScreen);
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    m_compareAction = view->addAction(tr("&Compare Side by Side"));
    m_compareAction->setCheckable(true);
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::setComparing);
    view->addSeparator();
    createAnnotationActions(view);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("About &Modules…"), this, &MainWindow::showAboutModules);
    help->addAction(tr("&About ConceptLab…"), this, &MainWindow::showAbout);

    // The shortcuts live on the window too: presenter mode hides the menu bar, and the
    // actions of a hidden menu bar do not fire.
    for (QAction *menuAction : menuBar()->actions())
        if (QMenu *menu = menuAction->menu())
            addActions(menu->actions());
}

void MainWindow::createAnnotationActions(QMenu *menu)
{
    // Pen and laser pointer over the view, for presenting; the pen's strokes last until
    // the next step.
    m_penAction = menu->addAction(tr("P&en"));
    m_penAction->setShortcut(QKeySequence(Qt::Key_P));
    m_laserAction = menu->addAction(tr("&Laser Pointer"));
    m_laserAction->setShortcut(QKeySequence(Qt::Key_L));
    for (QAction *tool : { m_penAction, m_laserAction }) {
        tool->setCheckable(true);
        connect(tool, &QAction::triggered, this, [this, tool](bool on) {
            using Tool = AnnotationOverlay::Tool;
            m_annotations->setTool(on ? (tool == m_penAction ? Tool::Pen : Tool::Laser) : Tool::None);
        });
    }
    connect(m_annotations, &AnnotationOverlay::toolChanged, this, [this](AnnotationOverlay::Tool tool) {
        m_penAction->setChecked(tool == AnnotationOverlay::Tool::Pen);
        m_laserAction->setChecked(tool == AnnotationOverlay::Tool::Laser);
    });
    QAction *undo = menu->addAction(tr("&Undo Stroke"), this, [this] { m_annotations->undoStroke(); });
    undo->setShortcut(QKeySequence::Undo);
    menu->addAction(tr("&Clear Drawing"), this, [this] { m_annotations->clearStrokes(); });
}

void MainWindow::createKeyRouter()
{
    KeyRouter::Handlers handlers;
    handlers.presenting = [this] { return m_presenterAction->isChecked(); };
    handlers.leavePresenter = [this] { m_presenterAction->setChecked(false); };
    handlers.hasModule = [this] { return m_view && m_stack->currentWidget() == m_modulePage; };
    handlers.turnPage = [this](int direction) {
        if (m_lessonIndex >= 0)
            showLessonStep(m_lessonIndex + direction);
        else
            direction > 0 ? m_playback->stepForward() : m_playback->stepBackward();
    };
    handlers.playbackKey = [this](int key) {
        switch (key) {
        case Qt::Key_Space:
            m_playback->togglePlay();
            break;
        case Qt::Key_Right:
            m_playback->stepForward();
            break;
        case Qt::Key_Left:
            m_playback->stepBackward();
            break;
        default:
            m_playback->reset();
            break;
        }
    };
    handlers.toolKey = [this](int key) { (key == Qt::Key_P ? m_penAction : m_laserAction)->trigger(); };
    handlers.undoStroke = [this] { return m_annotations->undoStroke(); };
    new KeyRouter(this, std::move(handlers));
}

void MainWindow::updateActions()
{
    const bool hasModule = !m_moduleId.isEmpty();
    m_saveScenarioAction->setEnabled(hasModule);
    m_copyLinkAction->setEnabled(hasModule);
    m_exportPictureAction->setEnabled(hasModule);
    m_exportAnimationAction->setEnabled(hasModule);
    m_exportResultsAction->setEnabled(hasModule);
    m_galleryAction->setEnabled(hasModule);
    m_compareAction->setEnabled(hasModule);
    m_resetParametersAction->setEnabled(hasModule);
    m_parameterDock->toggleViewAction()->setEnabled(hasModule);
}

bool MainWindow::openModule(const QString &id, bool quiet)
{
    QString error;
    ConceptModule *module = m_registry.load(id, &error);
    if (!module) {
        if (!quiet)
            QMessageBox::warning(this, tr("Cannot open module"), error);
        statusBar()->showMessage(error, 10000);
        return false;
    }
    closeModule();
    m_moduleId = id;
    m_module = module;
    m_schema = module->parameters();
    const ModuleInfo *info = m_registry.find(id);
    setWindowTitle(QStringLiteral("%1 — ConceptLab").arg(info ? info->title : id));
    m_moduleTitle->setText(info ? info->title : id);
    m_moduleCard->setText(info ? info->card : QString());

    m_panel = new ParameterPanel(m_schema);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_panel);
    // The panel may be narrowed (its editors shrink, it scrolls); it opens at its natural width.
    scroll->setMinimumWidth(260);
    m_parameterDock->setWidget(scroll);
    m_parameterDock->setVisible(!m_presenterAction->isChecked());
    resizeDocks({ m_parameterDock }, { std::min(m_panel->sizeHint().width() + 24, 420) }, Qt::Horizontal);

    m_view = module->createView(m_viewHost);
    m_viewHost->layout()->addWidget(m_view);
    m_annotations->setView(m_view);
    m_playback->setView(m_view);
    connect(m_view, &ConceptView::parameterEdited, this, [this](const QString &key, const QVariant &value) {
        m_panel->setValue(key, value);
        saveParameters();
    });
    connect(m_panel, &ParameterPanel::valuesChanged, this, [this](const ParameterValues &values) {
        applyParameters(values);
        saveParameters();
    });

    const ParameterValues values = savedParameters(m_schema);
    m_panel->setValues(values);
    applyParameters(m_panel->values());
    m_stack->setCurrentWidget(m_modulePage);
    // Focus on the view, not the first editor of the panel, so Space and the arrow keys
    // drive playback instead of editing a value.
    if (m_view->focusPolicy() == Qt::NoFocus)
        m_view->setFocusPolicy(Qt::StrongFocus);
    m_view->setFocus();
    updateActions();
    return true;
}

void MainWindow::closeModule()
{
    if (m_moduleId.isEmpty())
        return;
    saveParameters();
    leaveCompare();
    m_playback->setView(nullptr);
    delete m_view;
    QWidget *panelScroll = m_parameterDock->widget();
    m_parameterDock->setWidget(nullptr);
    delete panelScroll; // owns m_panel
    m_panel = nullptr;
    m_moduleId.clear();
    m_module = nullptr;
    m_schema = ParameterSchema();
}

void MainWindow::showGallery()
{
    m_playback->pause();
    closeLesson();
    closeModule();
    m_parameterDock->hide();
    setWindowTitle(QStringLiteral("ConceptLab"));
    m_stack->setCurrentWidget(m_gallery);
    updateActions();
}

void MainWindow::applyParameters(const ParameterValues &values)
{
    if (!m_view)
        return;
    const ParameterCheck complete = m_schema.complete(values);
    if (!complete.ok()) {
        statusBar()->showMessage(complete.error, 10000);
        return;
    }
    m_playback->pause();
    m_view->setParameters(complete.value.toMap());
}

void MainWindow::resetParameters()
{
    if (!m_panel)
        return;
    m_panel->setValues(m_schema.defaults());
    applyParameters(m_panel->values());
    saveParameters();
}

void MainWindow::saveParameters() const
{
    if (m_moduleId.isEmpty() || !m_panel)
        return;
    QSettings settings;
    settings.beginGroup(settingsGroup(m_moduleId));
    const ParameterValues values = m_panel->values();
    for (const ParameterSpec &spec : m_schema.specs())
        settings.setValue(spec.key, m_schema.toText(spec.key, values.value(spec.key)));
    settings.endGroup();
}

ParameterValues MainWindow::savedParameters(const ParameterSchema &schema) const
{
    ParameterValues values = schema.defaults();
    QSettings settings;
    settings.beginGroup(settingsGroup(m_moduleId));
    for (const QString &key : settings.childKeys()) {
        const ParameterCheck checked = schema.parseText(key, settings.value(key).toString());
        if (checked.ok()) // values saved by an older version may no longer be valid
            values.insert(key, checked.value);
    }
    return values;
}

std::optional<ParameterSchema> MainWindow::schemaOf(const QString &id, QString *loadError)
{
    ConceptModule *module = m_registry.find(id) ? m_registry.load(id, loadError) : nullptr;
    if (!module)
        return std::nullopt;
    return module->parameters();
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    return isLessonFile(path) ? openLesson(path, error) : openScenario(path, error);
}

bool MainWindow::openScenario(const QString &path, QString *error)
{
    QString loadError;
    const ScenarioRead read = readScenarioFile(path, [&](const QString &id) { return schemaOf(id, &loadError); });
    if (!read.ok()) {
        const QString message = loadError.isEmpty() ? read.error : loadError;
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Cannot open scenario"), message);
        return false;
    }
    closeLesson();
    if (!applyScenario(read.scenario, error != nullptr, error))
        return false;
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

bool MainWindow::applyScenario(const Scenario &scenario, bool quiet, QString *error)
{
    if (scenario.module != m_moduleId && !openModule(scenario.module, quiet)) {
        if (error)
            *error = tr("module '%1' cannot be opened").arg(scenario.module);
        return false;
    }
    leaveCompare(); // a scenario is one state
    ParameterValues values = m_schema.defaults();
    for (auto it = scenario.params.constBegin(); it != scenario.params.constEnd(); ++it)
        values.insert(it.key(), it.value());
    m_playback->pause();
    m_panel->setValues(values);
    const QString advanceError = advanceView(m_view, m_panel->values(), scenario.step);
    saveParameters();
    if (!advanceError.isEmpty()) {
        statusBar()->showMessage(advanceError, 10000);
        if (error)
            *error = advanceError;
        return false;
    }
    return true;
}

bool MainWindow::openLesson(const QString &path, QString *error)
{
    QString loadError;
    const LessonRead read = readLessonFile(
        path, [&](const QString &id) { return schemaOf(id, &loadError); },
        [&](const QString &id) {
            ConceptModule *module = m_registry.find(id) ? m_registry.load(id, &loadError) : nullptr;
            return module ? module->resultKeys() : QStringList();
        });
    if (!read.ok()) {
        const QString message = loadError.isEmpty() ? read.error : loadError;
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Cannot open lesson"), message);
        return false;
    }
    m_lesson = read.lesson;
    // The overview is built once per lesson: a step's action must outlive its own trigger.
    QMenu *overview = m_lessonSteps->menu();
    overview->clear();
    for (qsizetype i = 0; i < m_lesson.steps.size(); ++i) {
        QString title = m_lesson.steps.at(i).title;
        QAction *action = overview->addAction(
            QStringLiteral("%1. %2").arg(i + 1).arg(title.replace(QLatin1Char('&'), QLatin1String("&&"))), this,
            [this, i] { showLessonStep(static_cast<int>(i)); });
        action->setCheckable(true);
    }
    return showLessonStep(0, error);
}

bool MainWindow::showLessonStep(int index, QString *error)
{
    if (index < 0 || index >= m_lesson.steps.size())
        return false;
    const LessonStep &step = m_lesson.steps.at(index);
    // The words follow the step even when the view could not reach it exactly.
    const bool applied = applyScenario(step.scenario, true, error);
    m_lessonIndex = index;
    m_lessonHeading->setText(tr("%1 — Step %2 of %3 · %4")
                                 .arg(m_lesson.title.toHtmlEscaped())
                                 .arg(index + 1)
                                 .arg(m_lesson.steps.size())
                                 .arg(step.title.toHtmlEscaped()));
    m_lessonText->setText(step.text);
    const QList<QAction *> overview = m_lessonSteps->menu()->actions();
    for (qsizetype i = 0; i < overview.size(); ++i)
        overview.at(i)->setChecked(i == index);
    if (applied && m_view)
        applyHighlight(step.highlight);
    m_lessonPrevious->setEnabled(index > 0);
    m_lessonNext->setEnabled(index + 1 < m_lesson.steps.size());
    m_lessonBar->show();
    return applied;
}

void MainWindow::applyHighlight(const QString &target)
{
    m_view->setHighlight(target);
    if (target.isEmpty() || !m_view->session())
        return;
    // A lesson may name a target this state does not offer (a node that has left, a line
    // past the end): say so rather than mark nothing in silence.
    const std::vector<std::string> offered = m_view->session()->highlightTargets();
    if (std::find(offered.begin(), offered.end(), target.toStdString()) == offered.end())
        statusBar()->showMessage(tr("Lesson highlight '%1' is not shown at this step").arg(target), 10000);
}

void MainWindow::closeLesson()
{
    if (m_view)
        m_view->setHighlight(QString());
    m_lesson = Lesson();
    m_lessonIndex = -1;
    m_lessonBar->hide();
}

void MainWindow::openScenarioDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario or Lesson"), QString(),
        tr("Scenarios and lessons (*.conceptlab.json *.lesson.json);;JSON files (*.json)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::saveScenarioDialog()
{
    if (!m_view)
        return;
    QString path = QFileDialog::getSaveFileName(this, tr("Save Scenario"),
        m_moduleId + QStringLiteral(".conceptlab.json"), tr("ConceptLab scenarios (*.conceptlab.json)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".json")))
        path += QStringLiteral(".conceptlab.json");
    QFile file(path);
    const QByteArray bytes = serializeScenario(m_moduleId, m_schema, m_panel->values(), m_view->currentStep());
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        QMessageBox::warning(this, tr("Cannot save scenario"), file.errorString());
}

void MainWindow::exportPictureDialog()
{
    if (!m_view || !m_module)
        return;
    ExportDialog options(m_view->currentStep(), m_view->size(), this);
    if (options.exec() != QDialog::Accepted)
        return;
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Picture"), m_moduleId + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &filter);
    if (path.isEmpty())
        return;
    if (!figureFormats().contains(QFileInfo(path).suffix().toLower()))
        path += filter.contains(QLatin1String("*.svg"))
            ? QStringLiteral(".svg")
            : (filter.contains(QLatin1String("*.pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".png"));
    exportFigure(path, options.figureSize(), options.stepChoice(), options.stepNumber());
}

void MainWindow::exportFigure(const QString &path, QSize size, ExportDialog::StepChoice choice, int step)
{
    const QString title = m_moduleTitle->text();
    if (choice == ExportDialog::StepChoice::Current) {
        reportExport(tr("Cannot export picture"),
            renderFigureToFile(
                m_view, path, size, FigureCaption { title, m_view->currentStep(), m_view->knownLastStep() }),
            path);
        return;
    }
    // The end or a numbered step of the parameters in the panel, stepped off the GUI thread in a
    // session of its own, drawn by a view of its own: the window stays where it is.
    const StepRequest request = choice == ExportDialog::StepChoice::End ? StepRequest::end() : StepRequest::at(step);
    ConceptModule *module = m_module;
    const ParameterValues values = m_panel->values();
    showExportProgress(tr("Stepping %1…").arg(title));
    m_exportJob.start<SteppedSession>(
        [module, values, request](
            const WorkControl &control) { return steppedSession(*module, values, request, control); },
        [this, module, path, size, title](SteppedSession stepped) {
            if (!stepped.error.isEmpty()) {
                reportExport(tr("Cannot export picture"), stepped.error, path);
                return;
            }
            std::unique_ptr<ConceptView> view(module->createView(nullptr));
            view->resize(size);
            view->showSession(std::move(stepped.session));
            const FigureCaption caption { title, stepped.step, stepped.lastStep };
            reportExport(tr("Cannot export picture"),
                waitWhileBusy(view.get()) ? renderFigureToFile(view.get(), path, size, caption)
                                          : tr("the view did not finish drawing"),
                path);
        },
        [this, path](const QString &error) { reportExport(tr("Cannot export picture"), error, path); });
}

void MainWindow::showExportProgress(const QString &label)
{
    auto *dialog = new QProgressDialog(label, tr("Cancel"), 0, 1000, this);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(300);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(&m_exportJob, &BackgroundJob::progressChanged, dialog, [dialog](double fraction, const QString &message) {
        dialog->setValue(static_cast<int>(fraction * 1000));
        if (!message.isEmpty())
            dialog->setLabelText(message);
    });
    connect(dialog, &QProgressDialog::canceled, &m_exportJob, &BackgroundJob::cancel);
    connect(&m_exportJob, &BackgroundJob::runningChanged, dialog, [dialog](bool running) {
        if (!running)
            dialog->close();
    });
}

void MainWindow::reportExport(const QString &title, const QString &error, const QString &path)
{
    if (!error.isEmpty())
        QMessageBox::warning(this, title, error);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
}

void MainWindow::exportResultsDialog()
{
    if (!m_module)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Results"), m_moduleId + QStringLiteral(".json"),
        tr("JSON results (*.json);;CSV table (*.csv)"));
    if (path.isEmpty())
        return;
    // The full run can take a while: it goes to a worker thread, with progress and cancel.
    showExportProgress(tr("Running %1…").arg(m_moduleId));
    ConceptModule *module = m_module;
    const ParameterValues values = m_panel->values();
    m_exportJob.start<RunResult>([module, values](const WorkControl &control) { return module->run(values, control); },
        [this, path](const RunResult &result) {
            if (!result.error.isEmpty()) {
                QMessageBox::warning(this, tr("Cannot export results"), result.error);
                return;
            }
            const bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
            const QByteArray bytes = csv
                ? (result.table.header.isEmpty() && m_view ? m_view->currentTable() : result.table).toCsv()
                : QJsonDocument(result.data).toJson(QJsonDocument::Indented);
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
                QMessageBox::warning(this, tr("Cannot export results"), file.errorString());
            else
                statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
        },
        [this](const QString &error) { QMessageBox::warning(this, tr("Cannot export results"), error); });
}

void MainWindow::setPresenting(bool on)
{
    m_presenterAction->setChecked(on);
}

bool MainWindow::isPresenting() const
{
    return m_presenterAction->isChecked();
}

void MainWindow::setPresenterMode(bool on)
{
    // Presenter mode: full screen, larger type, the parameter panel out of the way.
    QFont font = QApplication::font();
    if (m_normalFontPointSize <= 0)
        m_normalFontPointSize = font.pointSizeF();
    font.setPointSizeF(on ? presenterFontPointSize(m_normalFontPointSize, screen()) : m_normalFontPointSize);
    QApplication::setFont(font);
    if (!m_moduleId.isEmpty())
        m_parameterDock->setVisible(!on);
    if (m_compareDock != nullptr)
        m_compareDock->setVisible(!on);
    menuBar()->setVisible(!on);
    if (!on)
        m_annotations->setTool(AnnotationOverlay::Tool::None);
    on ? showFullScreen() : showNormal();
}

void MainWindow::showAboutModules()
{
    AboutModulesDialog dialog(m_registry, this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ConceptLab"),
        tr("<h3>ConceptLab %1</h3><p>Live simulations of ML-systems concepts: open a card, change its "
           "parameters, step through it.</p><p>Space plays and pauses, Right steps, Left steps back, "
           "R resets, F5 toggles presenter mode.</p>")
            .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveParameters();
    if (m_presenterAction->isChecked())
        m_presenterAction->setChecked(false);
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::exportAnimationDialog()
{
    if (!m_view || !m_module)
        return;
    ExportAnimationDialog dialog(m_view->currentStep(), m_view->size(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Animation"), m_moduleId + QStringLiteral(".gif"),
        tr("GIF animation (*.gif);;WebP animation (*.webp)"));
    if (path.isEmpty())
        return;
    if (!animationFormatOf(path))
        path += QStringLiteral(".gif");
    AnimationOptions options = dialog.options();
    options.path = path;
    options.format = *animationFormatOf(path);
    options.moduleTitle = m_moduleTitle->text();
    AnimationExportRun *run = AnimationExportRun::start(m_module, m_panel->values(), options, this);
    connect(run, &AnimationExportRun::finished, this, [this, path](const ExportResult &result) {
        if (result.outcome == ExportOutcome::Written)
            statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
        else if (result.outcome != ExportOutcome::Cancelled)
            QMessageBox::warning(this, tr("Cannot export animation"), result.message);
    });
}

} // namespace conceptlab
