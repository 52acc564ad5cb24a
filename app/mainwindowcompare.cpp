// MainWindow, comparing side by side (View › Compare Side by Side): a second live copy of
// the module's view with its own parameters (a "Parameters B" panel, starting from the
// module's suggested contrast), both driven by the one playback bar on a shared step axis.
#include "mainwindow.h"

#include "annotationoverlay.h"
#include "conceptmodule.h"
#include "parameterpanel.h"
#include "playbackbar.h"
#include "viewfonts.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace conceptlab {

namespace {

    // A titled pane of the comparison: a heading (what differs, and the view's status) above
    // the view.
    QWidget *comparePane(ConceptView *view, QLabel **heading)
    {
        auto *pane = new QWidget;
        auto *layout = new QVBoxLayout(pane);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        *heading = new QLabel(pane);
        (*heading)->setWordWrap(true);
        (*heading)->setTextFormat(Qt::RichText);
        (*heading)->setContentsMargins(6, 2, 6, 2);
        layout->addWidget(*heading);
        layout->addWidget(view, 1);
        return pane;
    }

} // namespace

bool MainWindow::isComparing() const
{
    return !m_compareView.isNull();
}

void MainWindow::setComparing(bool on)
{
    if (on)
        enterCompare();
    else
        leaveCompare();
    m_compareAction->setChecked(isComparing());
}

void MainWindow::enterCompare()
{
    if (!m_view || m_module == nullptr || isComparing())
        return;
    m_playback->pause();
    ConceptView *other = m_module->createView(nullptr);
    m_viewHost->layout()->removeWidget(m_view);
    m_compareSplitter = new QSplitter(Qt::Horizontal, m_viewHost);
    m_compareSplitter->addWidget(comparePane(m_view, &m_compareHeadingA));
    m_compareSplitter->addWidget(comparePane(other, &m_compareHeadingB));
    m_compareSplitter->setSizes({ 1, 1 });
    m_viewHost->layout()->addWidget(m_compareSplitter);
    m_compareView = other;

    m_comparePanel = new ParameterPanel(m_schema);
    m_comparePanel->setValues(m_module->compareVariant(m_panel->values()));
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_comparePanel);
    m_compareDock = new QDockWidget(tr("Parameters B"), this);
    m_compareDock->setObjectName(QStringLiteral("compareDock"));
    m_compareDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_compareDock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, m_compareDock);
    splitDockWidget(m_parameterDock, m_compareDock, Qt::Vertical);
    m_compareDock->setVisible(!isPresenting());
    m_parameterDock->setWindowTitle(tr("Parameters A"));

    connect(m_comparePanel, &ParameterPanel::valuesChanged, this,
        [this](const ParameterValues &values) { applyCompareParameters(values); });
    connect(other, &ConceptView::parameterEdited, this, [this](const QString &key, const QVariant &value) {
        m_comparePanel->setValue(key, value);
        updateCompareHeadings();
    });
    for (ConceptView *view : { m_view.data(), other })
        connect(view, &ConceptView::stateChanged, this, &MainWindow::updateCompareHeadings);
    applyCompareParameters(m_comparePanel->values());
    // Both start together at step 0.
    m_view->reset();
    m_playback->setViews({ m_view, other });
    m_annotations->raise();
    updateCompareHeadings();
}

void MainWindow::leaveCompare()
{
    if (!isComparing())
        return;
    m_playback->setView(m_view);
    if (m_view) {
        disconnect(m_view, &ConceptView::stateChanged, this, &MainWindow::updateCompareHeadings);
        m_view->setParent(m_viewHost);
        m_viewHost->layout()->addWidget(m_view);
        m_view->show();
    }
    delete m_compareSplitter; // with the second view and the headings
    m_compareSplitter = nullptr;
    m_compareHeadingA = nullptr;
    m_compareHeadingB = nullptr;
    delete m_compareDock; // with the second panel
    m_compareDock = nullptr;
    m_comparePanel = nullptr;
    m_parameterDock->setWindowTitle(tr("Parameters"));
    if (m_compareAction != nullptr)
        m_compareAction->setChecked(false);
}

void MainWindow::applyCompareParameters(const ParameterValues &values)
{
    const ParameterCheck complete = m_schema.complete(values);
    if (!complete.ok()) {
        statusBar()->showMessage(complete.error, 10000);
        return;
    }
    m_playback->pause();
    // A new session starts at step 0: so does the other side, to keep one step axis.
    m_view->reset();
    m_compareView->setParameters(complete.value.toMap());
    updateCompareHeadings();
}

void MainWindow::updateCompareHeadings()
{
    if (!isComparing() || !m_view || m_compareHeadingA == nullptr)
        return;
    // What differs between the two sides, in the command line's words.
    const ParameterValues a = m_panel->values();
    const ParameterValues b = m_comparePanel->values();
    QStringList differsA;
    QStringList differsB;
    for (const ParameterSpec &spec : m_schema.specs()) {
        const QString textA = m_schema.toText(spec.key, a.value(spec.key));
        const QString textB = m_schema.toText(spec.key, b.value(spec.key));
        if (textA == textB)
            continue;
        // Long values (programs, terms) are named, not shown.
        const bool shortValues = textA.size() <= 24 && textB.size() <= 24 && !textA.contains(QLatin1Char('\n'))
            && !textB.contains(QLatin1Char('\n'));
        differsA.append(shortValues ? QStringLiteral("%1 = %2").arg(spec.key, textA) : spec.key);
        differsB.append(shortValues ? QStringLiteral("%1 = %2").arg(spec.key, textB) : spec.key);
    }
    const QString same = tr("same parameters: change B's in Parameters B");
    auto heading = [&](const QString &side, const QStringList &differs, const ConceptView *view) {
        const QString what = differs.isEmpty() ? same : differs.join(QStringLiteral(", "));
        return QStringLiteral("<b>%1 · %2</b><br>%3")
            .arg(side, what.toHtmlEscaped(), view->statusText().toHtmlEscaped());
    };
    m_compareHeadingA->setText(heading(QStringLiteral("A"), differsA, m_view));
    m_compareHeadingB->setText(heading(QStringLiteral("B"), differsB, m_compareView));
}

} // namespace conceptlab
