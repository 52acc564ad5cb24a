// MainWindow and links to a state: Edit › Copy Link to This State, Edit › Open Link…, and
// links given on the command line. A link is checked in full (values, and that its step is
// reached) before anything on screen changes.
#include "mainwindow.h"

#include "parameterpanel.h"
#include "statelink.h"
#include "viewrenderer.h"

#include <QClipboard>
#include <QDeadlineTimer>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QThread>

#include <memory>

namespace conceptlab {

namespace {

    /// steppedSession() on a worker thread, with the window still painting meanwhile: a link
    /// may name a large simulation or a late step.
    SteppedSession steppedSessionOffThread(ConceptModule &module, const ParameterValues &values, int step)
    {
        // Cores recurse over deep terms and syntax trees; the views' workers have this stack too.
        constexpr unsigned kStackBytes = 256U * 1024U * 1024U;
        SteppedSession result;
        std::unique_ptr<QThread> worker(
            QThread::create([&] { result = steppedSession(module, values, StepRequest::at(step)); }));
        worker->setStackSize(kStackBytes);
        QGuiApplication::setOverrideCursor(Qt::WaitCursor);
        worker->start();
        // User input waits: the window must not change while the link is being checked.
        while (!worker->wait(QDeadlineTimer(20)))
            QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
        QGuiApplication::restoreOverrideCursor();
        return result;
    }

} // namespace

void MainWindow::createEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_copyLinkAction = edit->addAction(tr("&Copy Link to This State"), this, &MainWindow::copyLinkToClipboard);
    m_copyLinkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    QAction *openLink = edit->addAction(tr("Open &Link…"), this, &MainWindow::openLinkDialog);
    openLink->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    edit->addSeparator();
    m_resetParametersAction = edit->addAction(tr("&Reset Parameters to Defaults"), this, &MainWindow::resetParameters);
}

QString MainWindow::currentLink() const
{
    if (m_moduleId.isEmpty() || !m_panel || !m_view)
        return {};
    return formatLink(m_moduleId, m_schema, m_panel->values(), m_view->currentStep());
}

bool MainWindow::openLink(const QString &link, QString *error)
{
    QString loadError;
    ConceptModule *module = nullptr;
    const LinkRead read = parseLink(link, [&](const QString &id) -> std::optional<ParameterSchema> {
        module = m_registry.find(id) ? m_registry.load(id, &loadError) : nullptr;
        return module ? std::optional(module->parameters()) : std::nullopt;
    });
    QString message = loadError.isEmpty() ? read.error : linkError(0, loadError);
    if (read.ok()) {
        ParameterValues values = module->parameters().defaults();
        for (auto it = read.scenario.params.constBegin(); it != read.scenario.params.constEnd(); ++it)
            values.insert(it.key(), it.value());
        const SteppedSession stepped = steppedSessionOffThread(*module, values, read.scenario.step);
        // A link names a state that exists: unlike a scenario, a step past the end is refused.
        if (!stepped.error.isEmpty())
            message = linkError(0, stepped.error);
        else if (stepped.clamped)
            message = linkError(read.stepPosition,
                QStringLiteral("step %1 is past the end: the simulation ends at step %2")
                    .arg(read.scenario.step)
                    .arg(stepped.lastStep));
    }
    if (message.isEmpty()) {
        closeLesson();
        if (applyScenario(read.scenario, error != nullptr, &message)) {
            statusBar()->showMessage(
                tr("Opened a link to %1 at step %2").arg(m_moduleId).arg(read.scenario.step), 5000);
            return true;
        }
    }
    if (error)
        *error = message;
    else
        QMessageBox::warning(this, tr("Cannot open link"), message);
    return false;
}

void MainWindow::copyLinkToClipboard()
{
    const QString link = currentLink();
    if (link.isEmpty())
        return;
    if (link.size() > kMaxLinkCharacters) {
        QMessageBox::information(this, tr("Link too long"),
            tr("A link to this state would have %1 characters, more than the %2 a link may have. "
               "Save a scenario instead (File › Save Scenario As…).")
                .arg(link.size())
                .arg(kMaxLinkCharacters));
        return;
    }
    QGuiApplication::clipboard()->setText(link);
    statusBar()->showMessage(tr("Copied a link to this state (%1 characters)").arg(link.size()), 5000);
}

void MainWindow::openLinkDialog()
{
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Open Link"));
    dialog.setLabelText(tr("A link to a state (conceptlab://…):"));
    const QString clipboard = QGuiApplication::clipboard()->text();
    if (isStateLink(clipboard))
        dialog.setTextValue(clipboard.trimmed());
    // Longer than a link may be, so an over-long one is refused with its length, not cut.
    if (auto *line = dialog.findChild<QLineEdit *>())
        line->setMaxLength(2 * kMaxLinkCharacters);
    dialog.resize(640, dialog.sizeHint().height());
    if (dialog.exec() == QDialog::Accepted && !dialog.textValue().trimmed().isEmpty())
        openLink(dialog.textValue());
}

} // namespace conceptlab
