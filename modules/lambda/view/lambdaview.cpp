// LambdaView: draws ReductionSession snapshots and forwards playback, rewinds and edits;
// "run to end" and "compare" run core functions through a BackgroundJob.
#include "lambdaview.h"

#include "codeeditor.h"
#include "core/reductionsession.h"
#include "lambdahighlighter.h"
#include "lambdamodule.h"
#include "termwidgets.h"
#include "viewfonts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <memory>
#include <optional>

namespace conceptlab::lambda {

namespace {

    QString qs(const std::string &s)
    {
        return QString::fromStdString(s);
    }

    // Largest terms drawn, in nodes: the pictures scroll, so these only bound the work.
    constexpr std::size_t kMaxTreeNodes = 1500;
    constexpr std::size_t kMaxDiagramNodes = 3000;

    // One item per strategy of the core's list: its title, its key as data, its rule as tip.
    void fillStrategies(QComboBox *box)
    {
        for (Strategy s : kAllStrategies) {
            box->addItem(qs(strategyTitle(s)), QString::fromLatin1(strategyKey(s)));
            box->setItemData(box->count() - 1,
                QStringLiteral("%1 (strategy=%2)").arg(qs(strategyRule(s)), QString::fromLatin1(strategyKey(s))),
                Qt::ToolTipRole);
        }
    }

    // A fixed height of `lines` lines of the editor's text, following the application font.
    void fitLines(CodeEditor *editor, qreal lines)
    {
        onApplicationFontChange(editor, [editor, lines] {
            const int frame = 2 * editor->frameWidth() + 8;
            editor->setFixedHeight(static_cast<int>(QFontMetricsF(editor->font()).lineSpacing() * lines) + frame);
        });
    }

    // A picture that scrolls when it cannot be shown whole at a readable size.
    QScrollArea *scrolled(QWidget *picture)
    {
        auto *area = new QScrollArea;
        area->setWidget(picture);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        area->setMinimumSize(160, 120);
        return area;
    }

    // A read-only term in the editor's colours, redex highlights included.
    CodeEditor *termEditor()
    {
        auto *editor = new CodeEditor;
        editor->setReadOnly(true);
        editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        editor->setCodeScale(1.25);
        fitLines(editor, 4);
        new LambdaHighlighter(editor->document());
        return editor;
    }

    // The term of `s` into `editor`, its next redex coloured.
    void showRedex(CodeEditor *editor, const Snapshot &s)
    {
        if (s.redexFunction.valid())
            editor->addHighlight(
                s.redexFunction.begin, s.redexFunction.end - s.redexFunction.begin, redexFunctionColor());
        if (s.redexArgument.valid())
            editor->addHighlight(
                s.redexArgument.begin, s.redexArgument.end - s.redexArgument.begin, redexArgumentColor());
    }

    // A run to the end: the session and, stepped as far, the one beside it.
    struct RunToEnd {
        std::unique_ptr<ReductionSession> main;
        std::unique_ptr<ReductionSession> side;
    };

    QLabel *heading(const QString &text)
    {
        auto *label = new QLabel(text);
        QFont f = label->font();
        f.setBold(true);
        label->setFont(f);
        return label;
    }

    QString describe(const Outcome &o, Strategy s)
    {
        QString text = QStringLiteral("<b>%1</b>: %2 %3, %4")
                           .arg(qs(strategyTitle(s)))
                           .arg(o.steps)
                           .arg(LambdaView::tr("steps"), qs(statusTitle(o.status)));
        if (o.status == Status::Diverges)
            text += LambdaView::tr(" (cycle of %1)").arg(o.cycleLength);
        if (o.value)
            text += QStringLiteral(" · = %1").arg(qs(o.value->toString()));
        else if (o.name)
            text += QStringLiteral(" · ≡ %1").arg(qs(*o.name));
        if (o.stepsSaved)
            text += LambdaView::tr(" · sharing saved %1 steps").arg(*o.stepsSaved);
        return text;
    }

    Strategy strategyOf(const QComboBox *box)
    {
        Strategy s = Strategy::Normal;
        strategyFromKey(box->currentData().toString().toStdString(), s);
        return s;
    }

} // namespace

LambdaView::LambdaView(const ParameterSchema &schema, QWidget *parent)
    : ConceptView(parent)
    , m_schema(schema)
    , m_values(schema.defaults())
{
    // Deep terms recurse deeply: the workers that parse and reduce them get a large stack.
    constexpr unsigned kWorkerStackBytes = 256U * 1024U * 1024U;
    m_job.setStackSize(kWorkerStackBytes);
    m_sideJob.setStackSize(kWorkerStackBytes);
    sessionBuilder().setStackSize(kWorkerStackBytes);
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->addWidget(split);
    split->addWidget(createTermPane());
    split->addWidget(createSidePane());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    connectControls();
    showValues();
    showSnapshot();
    rebuild();
}

LambdaView::~LambdaView() = default;

// Left: editor, current term, explanation, result, pictures.
QWidget *LambdaView::createTermPane()
{
    auto *left = new QWidget;
    auto *layout = new QVBoxLayout(left);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *termRow = new QHBoxLayout;
    termRow->addWidget(heading(tr("Term")));
    termRow->addStretch();
    m_examples = new QComboBox;
    m_examples->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_examples->setMinimumContentsLength(28);
    m_examples->addItem(tr("Examples…"));
    const QStringList files
        = QDir(QStringLiteral(":/lambda/examples")).entryList({ QStringLiteral("*.lambda") }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        QFile f(QStringLiteral(":/lambda/examples/") + file);
        if (f.open(QIODevice::ReadOnly)) {
            const QString text = QString::fromUtf8(f.readAll()).trimmed();
            // The first comment line names the example.
            QString title = text.section(QLatin1Char('\n'), 0, 0);
            title = title.startsWith(QLatin1String("--")) ? title.mid(2).trimmed() : QFileInfo(file).baseName();
            m_examples->addItem(title, text);
        }
    }
    termRow->addWidget(m_examples);
    layout->addLayout(termRow);
    m_editor = new CodeEditor;
    new LambdaHighlighter(m_editor->document());
    fitLines(m_editor, 3.5);
    m_editor->setPlaceholderText(tr("e.g. PLUS 2 3, or \\x y.x, with `let NAME = term` lines before it"));
    layout->addWidget(m_editor);

    auto *currentRow = new QHBoxLayout;
    currentRow->addWidget(heading(tr("Current term")));
    currentRow->addStretch();
    auto *legendF = new QLabel(tr("function"));
    legendF->setStyleSheet(
        QStringLiteral("background:%1; padding:1px 6px; border-radius:3px;").arg(redexFunctionColor().name()));
    auto *legendA = new QLabel(tr("argument"));
    legendA->setStyleSheet(
        QStringLiteral("background:%1; padding:1px 6px; border-radius:3px;").arg(redexArgumentColor().name()));
    for (QLabel *legend : { legendF, legendA }) {
        followApplicationFont(legend, { .scale = 0.9 });
        currentRow->addWidget(legend);
    }
    m_deBruijn = new QCheckBox(tr("de Bruijn"));
    currentRow->addWidget(m_deBruijn);
    layout->addLayout(currentRow);
    // Two columns that step together: the session's strategy, and another one beside it.
    auto *columns = new QGridLayout;
    columns->setContentsMargins(0, 0, 0, 0);
    columns->setHorizontalSpacing(10);
    columns->setVerticalSpacing(2);
    m_strategyA = new QComboBox;
    fillStrategies(m_strategyA);
    m_strategyA->setToolTip(tr("The strategy the steps follow (the Strategy parameter)"));
    m_strategyB = new QComboBox;
    fillStrategies(m_strategyB);
    m_strategyB->setCurrentIndex(1);
    m_strategyB->setToolTip(tr("Another strategy, reducing the same term beside it, step for step"));
    auto *pickA = new QHBoxLayout;
    pickA->addWidget(m_strategyA);
    pickA->addStretch();
    auto *pickB = new QHBoxLayout;
    pickB->addWidget(new QLabel(tr("beside it:")));
    pickB->addWidget(m_strategyB);
    pickB->addStretch();
    columns->addLayout(pickA, 0, 0);
    columns->addLayout(pickB, 0, 1);
    m_current = termEditor();
    columns->addWidget(m_current, 1, 0);
    m_side = termEditor();
    m_side->setObjectName(QStringLiteral("sideTerm"));
    columns->addWidget(m_side, 1, 1);
    m_explanation = new QLabel;
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setMinimumHeight(36);
    m_explanation->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    columns->addWidget(m_explanation, 2, 0);
    m_sideState = new QLabel;
    m_sideState->setObjectName(QStringLiteral("sideState"));
    m_sideState->setWordWrap(true);
    m_sideState->setTextFormat(Qt::PlainText);
    m_sideState->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    columns->addWidget(m_sideState, 2, 1);
    columns->setColumnStretch(0, 1);
    columns->setColumnStretch(1, 1);
    layout->addLayout(columns);
    m_result = new QLabel;
    m_result->setObjectName(QStringLiteral("decodedValue"));
    onApplicationFontChange(m_result, [this] { applyResultTone(); });
    layout->addWidget(m_result);
    layout->addWidget(createPictures(), 1);
    return left;
}

// The syntax tree and the Tromp diagram with its legend, side by side.
QWidget *LambdaView::createPictures()
{
    auto *pictures = new QSplitter(Qt::Horizontal);
    auto *treeBox = new QWidget;
    auto *treeLayout = new QVBoxLayout(treeBox);
    treeLayout->setContentsMargins(0, 0, 0, 0);
    treeLayout->addWidget(heading(tr("Syntax tree")));
    m_tree = new TreeWidget;
    m_treeScroll = scrolled(m_tree);
    treeLayout->addWidget(m_treeScroll, 1);
    auto *diagramBox = new QWidget;
    auto *diagramLayout = new QVBoxLayout(diagramBox);
    diagramLayout->setContentsMargins(0, 0, 0, 0);
    diagramLayout->addWidget(heading(tr("Lambda diagram (Tromp)")));
    m_diagram = new DiagramWidget;
    m_diagram->setToolTip(tr("Each λ is a horizontal bar; each variable a vertical line hanging from its binder; "
                             "an application links the function's line to the argument's. The next redex is "
                             "shaded like the current term: its function amber, its argument blue."));
    m_diagramScroll = scrolled(m_diagram);
    diagramLayout->addWidget(m_diagramScroll, 1);
    auto *legend = new DiagramLegend;
    followApplicationFont(legend, { .scale = 0.85 });
    diagramLayout->addWidget(legend);
    pictures->addWidget(treeBox);
    pictures->addWidget(diagramBox);
    pictures->setStretchFactor(0, 3);
    pictures->setStretchFactor(1, 2);
    return pictures;
}

// Right: history and comparison.
QWidget *LambdaView::createSidePane()
{
    auto *right = new QWidget;
    auto *layout = new QVBoxLayout(right);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading(tr("History (click to rewind)")));
    m_history = new QListWidget;
    m_history->setObjectName(QStringLiteral("history"));
    m_history->setUniformItemSizes(true);
    m_history->setTextElideMode(Qt::ElideRight);
    layout->addWidget(m_history, 1);

    auto *box = new QGroupBox(tr("Run to the end, or count both strategies' steps"));
    auto *boxLayout = new QVBoxLayout(box);
    auto *buttons = new QHBoxLayout;
    m_runToEnd = new QPushButton(tr("Run to end"));
    m_runToEnd->setToolTip(
        tr("Take every step to the end (or a limit, at most %1 steps) in the background and show the last one")
            .arg(kMaxShownSteps));
    m_compare = new QPushButton(tr("Compare"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    buttons->addWidget(m_runToEnd);
    buttons->addWidget(m_compare);
    buttons->addWidget(m_cancel);
    boxLayout->addLayout(buttons);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    boxLayout->addWidget(m_progress);
    m_comparison = new QLabel(tr("Step counts appear here."));
    m_comparison->setWordWrap(true);
    m_comparison->setTextFormat(Qt::RichText);
    boxLayout->addWidget(m_comparison);
    layout->addWidget(box);
    return right;
}

void LambdaView::connectControls()
{
    connect(m_examples, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_editor->setPlainText(m_examples->itemData(index).toString());
        m_examples->setCurrentIndex(0);
    });
    m_editTimer.setSingleShot(true);
    m_editTimer.setInterval(350);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { m_editTimer.start(); });
    connect(&m_editTimer, &QTimer::timeout, this, &LambdaView::editorChanged);
    connect(m_deBruijn, &QCheckBox::toggled, this, [this] { showSnapshot(); });
    connect(m_history, &QListWidget::currentRowChanged, this, [this](int row) {
        ReductionSession *session = reductionSession();
        if (session && session->seek(row)) {
            showSnapshot();
            emit stateChanged();
        }
    });
    connect(m_strategyA, &QComboBox::activated, this, &LambdaView::strategyChosen);
    connect(m_strategyB, &QComboBox::activated, this, &LambdaView::rebuildSide);
    connect(&m_sideJob, &BackgroundJob::runningChanged, this, [this] { emit stateChanged(); });
    connect(m_runToEnd, &QPushButton::clicked, this, &LambdaView::runToEnd);
    connect(m_compare, &QPushButton::clicked, this, &LambdaView::startComparison);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_job.cancel();
        m_comparison->setText(tr("Cancelled."));
    });
    connect(&m_job, &BackgroundJob::progressChanged, this,
        [this](double fraction) { m_progress->setValue(static_cast<int>(1000.0 * fraction)); });
    connect(&m_job, &BackgroundJob::runningChanged, this, &LambdaView::backgroundRunningChanged);
}

ReductionSession *LambdaView::reductionSession() const
{
    return dynamic_cast<ReductionSession *>(session());
}

void LambdaView::setParameters(const ParameterValues &values)
{
    const ParameterCheck complete = m_schema.complete(values);
    m_values = complete.ok() ? complete.value.toMap() : m_schema.defaults();
    showValues();
    rebuild();
}

void LambdaView::showSettings(const Settings &settings)
{
    m_values[QStringLiteral("term")] = qs(settings.term);
    m_values[QStringLiteral("strategy")] = QString::fromLatin1(strategyKey(settings.strategy));
    m_values[QStringLiteral("max_steps")] = static_cast<qint64>(settings.maxSteps);
    m_values[QStringLiteral("max_size")] = static_cast<qint64>(settings.maxSize);
    m_values[QStringLiteral("prelude")] = settings.prelude;
    m_values[QStringLiteral("trace")] = settings.trace;
    showValues();
}

void LambdaView::showValues()
{
    const QString term = m_values.value(QStringLiteral("term")).toString();
    if (m_editor->toPlainText() != term) {
        m_editor->blockSignals(true);
        m_editor->setPlainText(term);
        m_editor->blockSignals(false);
    }
    const int index = m_strategyA->findData(m_values.value(QStringLiteral("strategy")).toString());
    if (index >= 0) {
        m_strategyA->setCurrentIndex(index);
        if (m_strategyB->currentIndex() == index)
            m_strategyB->setCurrentIndex(index == 0 ? 1 : 0);
    }
}

void LambdaView::rebuild()
{
    m_sideSession.reset();
    rebuildSide();
    buildSession([settings = settingsFromValues(m_values)](const WorkControl &control) -> std::unique_ptr<Session> {
        return std::make_unique<ReductionSession>(settings, control);
    });
}

void LambdaView::editorChanged()
{
    const QString text = m_editor->toPlainText();
    if (text == m_values.value(QStringLiteral("term")).toString())
        return;
    m_values[QStringLiteral("term")] = text;
    emit parameterEdited(QStringLiteral("term"), text);
    rebuild();
}

bool LambdaView::isWorking() const
{
    // Busy until a result is shown, not merely computed.
    return m_job.isRunning() || m_sideJob.isRunning() || m_tree->isAnimating();
}

void LambdaView::setHighlight(const QString &target)
{
    m_highlight = target;
    showSnapshot();
}

void LambdaView::showSnapshot()
{
    m_current->clearHighlights();
    const ReductionSession *session = reductionSession();
    if (!session) {
        showEmpty();
        return;
    }
    m_editor->clearError();
    // A session handed over whole (headless export) carries its own parameters.
    if (!sessionBuilder().isRunning() && session->settings().term != textValue(m_values, "term").toStdString())
        showSettings(session->settings());
    showTerm(*session);
    showExplanation(*session);
    syncHistory(*session);
    syncSide();
    m_drawnSession = session;
    m_drawnStep = session->currentStep();
}

void LambdaView::showEmpty()
{
    m_drawnSession = nullptr;
    m_drawnStep = -1;
    m_editor->clearError();
    const QString error = inputError();
    if (!error.isEmpty()) {
        if (const auto parseError = parseErrorOf(settingsFromValues(m_values)))
            m_editor->setError(parseError->line, parseError->column, parseError->length, qs(parseError->message));
    }
    m_current->setPlainText(error.isEmpty() ? tr("(preparing the term…)") : tr("(the term does not parse)"));
    m_explanation->setText(error);
    m_result->clear();
    m_resultTone = ResultTone::Quiet;
    applyResultTone();
    m_tree->setTree({}, false);
    m_diagram->setTerm({});
    m_side->clear();
    m_sideState->clear();
    m_history->clear();
}

void LambdaView::showTerm(const ReductionSession &session)
{
    const Snapshot &s = session.snapshot();
    const bool markRedex = m_highlight == QLatin1String("redex");
    const QString binder = m_highlight.startsWith(QLatin1String("binder:")) ? m_highlight.mid(7) : QString();
    if (m_deBruijn->isChecked()) {
        m_current->setPlainText(qs(s.deBruijn.empty() ? s.term : s.deBruijn));
    } else {
        m_current->setPlainText(qs(s.term));
        if (markRedex && s.redexFunction.valid() && s.redexArgument.valid()) {
            m_current->addHighlight(
                s.redexFunction.begin, s.redexArgument.end - s.redexFunction.begin, lessonHighlightColor());
        } else {
            showRedex(m_current, s);
        }
        if (!binder.isEmpty())
            for (const Span &span : binderSpans(s.term, binder.toStdString()))
                m_current->addHighlight(span.begin, span.end - span.begin, lessonHighlightColor());
    }
    const bool forward = m_drawnSession == &session && session.currentStep() == m_drawnStep + 1;
    m_tree->setMarks(markRedex, binder);
    m_tree->setTree(
        flattenText(s.term, NameMode::KeepNames, kMaxTreeNodes, s.redexMarked ? &s.redexPath : nullptr), forward);
    // The expanded text has the same shape as the term, names being transparent to the path.
    m_diagram->setTerm(
        flattenText(s.expanded, NameMode::ExpandNames, kMaxDiagramNodes, s.redexMarked ? &s.redexPath : nullptr));
    // Once laid out at their new sizes, the pictures scroll to the redex.
    QTimer::singleShot(0, this, [this] { scrollToRedex(); });

    QStringList result;
    if (!s.value.empty())
        result << QStringLiteral("= %1").arg(qs(s.value));
    if (!s.name.empty())
        result << QStringLiteral("≡ %1").arg(qs(s.name));
    // The input is not a result: at step 0 the value (if any) stays quiet.
    if (session.currentStep() == 0 || result.isEmpty())
        m_resultTone = ResultTone::Quiet;
    else
        m_resultTone = session.atEnd() ? ResultTone::Final : ResultTone::Value;
    if (result.isEmpty())
        result << (session.currentStep() == 0 ? tr("decoded value: none yet (step 0 is the input)")
                                              : tr("no decoded value at this step"));
    else if (session.currentStep() == 0)
        result.first().prepend(tr("the input reads as "));
    m_result->setText(result.join(QStringLiteral("     ")));
    applyResultTone();
}

void LambdaView::rebuildSide()
{
    Settings settings = settingsFromValues(m_values);
    settings.strategy = strategyOf(m_strategyB);
    const int step = currentStep();
    m_sideSession.reset();
    showSide();
    m_sideJob.start<std::unique_ptr<ReductionSession>>(
        [settings, step](const WorkControl &control) {
            auto side = std::make_unique<ReductionSession>(settings, control);
            side->runToEnd(control, step);
            return side;
        },
        [this](std::unique_ptr<ReductionSession> side) {
            m_sideSession = std::move(side);
            syncSide();
        },
        [this](const QString &error) { m_sideState->setText(error); });
}

void LambdaView::syncSide()
{
    if (!m_sideSession) {
        showSide();
        return;
    }
    // A session handed over whole (headless export, a scenario) may be of another term;
    // while a new one is being built, the side waits for it.
    const ReductionSession *main = reductionSession();
    if (main && !sessionBuilder().isRunning()) {
        const Settings &a = main->settings();
        const Settings &b = m_sideSession->settings();
        if (a.term != b.term || a.prelude != b.prelude || a.maxSteps != b.maxSteps || a.maxSize != b.maxSize) {
            rebuildSide();
            return;
        }
    }
    // A long way to go (after a jump to a late step) is stepped in the background.
    constexpr int kMaxStepsHere = 200;
    const int step = currentStep();
    if (step - m_sideSession->currentStep() > kMaxStepsHere) {
        rebuildSide();
        return;
    }
    while (m_sideSession->currentStep() < step && m_sideSession->stepForward()) { }
    if (m_sideSession->currentStep() > step)
        m_sideSession->seek(step);
    showSide();
}

void LambdaView::showSide()
{
    m_side->clearHighlights();
    if (!m_sideSession) {
        m_side->setPlainText(reductionSession() ? tr("(preparing…)") : QString());
        m_sideState->clear();
        return;
    }
    const ReductionSession &side = *m_sideSession;
    const Snapshot &s = side.snapshot();
    m_side->setPlainText(qs(s.term));
    showRedex(m_side, s);
    const QString title = qs(strategyTitle(side.settings().strategy));
    QString state;
    if (side.currentStep() < currentStep())
        state = tr("%1 ended at step %2: %3.").arg(title).arg(side.currentStep()).arg(qs(statusTitle(side.status())));
    else if (side.currentStep() == 0)
        state = tr("Step 0 under %1: the same input.").arg(title);
    else
        state = tr("Step %1 under %2: %3.").arg(s.step).arg(title, qs(s.explanation));
    if (side.atEnd() && side.status() == Status::Diverges) {
        QString cycle = qs(side.cycleText());
        cycle[0] = cycle[0].toUpper();
        state += QLatin1Char(' ') + cycle + QLatin1Char('.');
    } else if (side.atEnd() && side.currentStep() == currentStep()) {
        state += QLatin1Char(' ') + tr("No further step: %1.").arg(qs(statusTitle(side.status())));
    }
    if (!s.value.empty())
        state += QStringLiteral(" = %1").arg(qs(s.value));
    m_sideState->setText(state);
}

void LambdaView::scrollToRedex()
{
    const QPoint centre = m_tree->redexCentre();
    if (centre.x() >= 0)
        m_treeScroll->ensureVisible(
            centre.x(), centre.y(), m_treeScroll->viewport()->width() / 3, m_treeScroll->viewport()->height() / 3);
    const QRect area = m_diagram->redexArea();
    if (!area.isEmpty())
        m_diagramScroll->ensureVisible(area.center().x(), area.center().y(),
            std::min(area.width() / 2 + 20, m_diagramScroll->viewport()->width() / 2),
            std::min(area.height() / 2 + 20, m_diagramScroll->viewport()->height() / 2));
}

void LambdaView::applyResultTone()
{
    switch (m_resultTone) {
    case ResultTone::Quiet:
        m_result->setFont(styledFont({ .scale = 0.9 }));
        m_result->setStyleSheet(QStringLiteral("color:#808080;"));
        break;
    case ResultTone::Value:
        m_result->setFont(styledFont({ .scale = 1.1, .bold = true }));
        m_result->setStyleSheet(QString());
        break;
    case ResultTone::Final:
        m_result->setFont(styledFont({ .scale = 1.35, .bold = true }));
        m_result->setStyleSheet(QString());
        break;
    }
}

void LambdaView::showExplanation(const ReductionSession &session)
{
    const Snapshot &s = session.snapshot();
    QString explanation = session.currentStep() == 0 ? tr("Step 0: the input term.")
                                                     : tr("Step %1: %2.").arg(s.step).arg(qs(s.explanation));
    if (session.atEnd() && session.status() == Status::Diverges) {
        QString cycle = qs(session.cycleText());
        cycle[0] = cycle[0].toUpper();
        explanation += QLatin1Char(' ') + cycle + QLatin1Char('.');
        if (s.redexFunction.valid())
            explanation += QLatin1Char(' ') + tr("The coloured redex leads round the cycle again.");
    } else if (session.atEnd()) {
        explanation += QLatin1Char(' ') + tr("No further step: %1.").arg(qs(statusTitle(session.status())));
    } else if (s.redexFunction.valid()) {
        explanation += QLatin1Char(' ') + tr("Next: the coloured redex.");
    }
    explanation += QLatin1Char(' ') + tr("Size: %1 nodes.").arg(s.size);
    if (s.sharedCells > 0) {
        explanation += QLatin1Char(' ') + tr("Shared arguments:");
        for (const std::string &line : s.shared)
            explanation += QStringLiteral("\n    ") + qs(line);
    }
    m_explanation->setText(explanation);
}

void LambdaView::syncHistory(const ReductionSession &session)
{
    const auto &history = session.history();
    m_history->blockSignals(true);
    if (m_drawnSession != &session || m_history->count() > static_cast<int>(history.size()))
        m_history->clear();
    while (m_history->count() < static_cast<int>(history.size())) {
        const Snapshot &s = history[static_cast<std::size_t>(m_history->count())];
        const QString repeats = s.repeatsStep >= 0 ? tr(" ↻ = step %1").arg(s.repeatsStep) : QString();
        auto *item
            = new QListWidgetItem(QStringLiteral("%1%2   %3").arg(s.step).arg(repeats, qs(ellipsize(s.term, 160))));
        item->setToolTip(s.explanation.empty() ? tr("the input term") : qs(s.explanation));
        m_history->addItem(item);
    }
    // The steps of a cycle, once one is found, are tinted together.
    for (int row = 0; row < m_history->count(); ++row) {
        QListWidgetItem *item = m_history->item(row);
        if (session.onCycle(row)) {
            item->setBackground(cycleColor());
            item->setToolTip(tr("On the cycle: %1").arg(qs(session.cycleText())));
        }
    }
    m_history->setCurrentRow(session.currentStep());
    m_history->blockSignals(false);
    if (m_history->currentItem())
        m_history->scrollToItem(m_history->currentItem());
}

QString LambdaView::figureSubtitle() const
{
    const ReductionSession *session = reductionSession();
    if (!session)
        return inputError().section(QLatin1Char('\n'), 0, 0);
    // The term is the last line that is not a definition or a comment.
    QString term;
    for (const QString &line : qs(session->settings().term).split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(QLatin1String("--"))
            && !trimmed.startsWith(QLatin1String("let ")))
            term = trimmed;
    }
    return tr("%1 · %2").arg(qs(strategyTitle(session->settings().strategy)), term);
}

void LambdaView::paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style)
{
    const ReductionSession *session = reductionSession();
    const double leftWidth = rect.width() * 0.64;
    const QRectF left(rect.left(), rect.top(), leftWidth, rect.height());
    const QRectF right(
        left.right() + style.gap * 1.5, rect.top(), rect.right() - left.right() - style.gap * 1.5, rect.height());
    const double line = QFontMetricsF(style.mono).height();
    const int inputLines = std::clamp(m_editor->document()->blockCount(), 1, 6);
    QRectF input = figure::drawHeading(painter, left, tr("Term"), style);
    input.setHeight(line * inputLines);
    figure::drawCode(painter, input, *m_editor->document(), style, {}, figure::CodeLayout::NumberedLines);

    const QRectF below(
        left.left(), input.bottom() + style.gap, left.width(), left.bottom() - input.bottom() - style.gap);
    const QList<LegendEntry> legend { { redexFunctionColor(), tr("redex: function") },
        { redexArgumentColor(), tr("argument") } };
    QRectF current = figure::drawHeading(painter, below, tr("Current term"), style);
    const double legendWidth = current.width() * 0.5;
    figure::drawLegend(painter,
        QRectF(current.right() - legendWidth, below.top(), legendWidth, QFontMetricsF(style.heading).height()), legend,
        style);
    // Two columns, as on screen: the session's strategy and the one beside it.
    const double column = (current.width() - style.gap) / 2;
    const double small = QFontMetricsF(style.small).height();
    figure::drawText(painter, QRectF(current.left(), current.top(), column, small), m_strategyA->currentText(),
        style.small, style.muted, Qt::AlignLeft | Qt::AlignTop);
    figure::drawText(painter, QRectF(current.left() + column + style.gap, current.top(), column, small),
        tr("beside it: %1").arg(m_strategyB->currentText()), style.small, style.muted, Qt::AlignLeft | Qt::AlignTop);
    const QRectF codeA(current.left(), current.top() + small, column, std::min(below.height() * 0.3, line * 5));
    const QRectF codeB(codeA.right() + style.gap, codeA.top(), column, codeA.height());
    figure::drawCode(
        painter, codeA, *m_current->document(), style, m_current->figureMarks(), figure::CodeLayout::WrappedText);
    figure::drawCode(
        painter, codeB, *m_side->document(), style, m_side->figureMarks(), figure::CodeLayout::WrappedText);
    double y = codeA.bottom() + style.gap * 0.5;
    const double textHeight = QFontMetricsF(style.text).height() * 3.1;
    const double usedA = figure::drawText(
        painter, QRectF(left.left(), y, column, textHeight), m_explanation->text(), style.text, style.ink);
    const double usedB = figure::drawText(
        painter, QRectF(codeB.left(), y, column, textHeight), m_sideState->text(), style.text, style.ink);
    y += std::max(usedA, usedB);
    // As on screen: the decoded value is quiet at step 0 and while there is none.
    const bool quiet = m_resultTone == ResultTone::Quiet;
    const QFont valueFont = quiet ? style.small : style.heading;
    y += style.gap * 0.3;
    y += figure::drawText(painter, QRectF(left.left(), y, left.width(), QFontMetricsF(valueFont).height()),
        m_result->text(), valueFont, quiet ? style.muted : style.ink, Qt::AlignLeft | Qt::AlignTop);
    y += style.gap;
    const double half = (left.width() - style.gap) / 2;
    const QRectF tree
        = figure::drawHeading(painter, QRectF(left.left(), y, half, left.bottom() - y), tr("Syntax tree"), style);
    m_tree->paintFigure(painter, tree, style);
    QRectF diagram = figure::drawHeading(
        painter, QRectF(left.right() - half, y, half, left.bottom() - y), tr("Lambda diagram (Tromp)"), style);
    // The legend first, from the bottom, so that the diagram takes what is left.
    const double legendHeight = diagramLegendHeight(diagram.width(), style.small);
    paintDiagramLegend(
        painter, QRectF(diagram.left(), diagram.bottom() - legendHeight, diagram.width(), legendHeight), style.small);
    diagram.setBottom(diagram.bottom() - legendHeight - style.gap * 0.3);
    m_diagram->paintFigure(painter, diagram, style);

    // The steps so far, the latest last.
    const QRectF steps = figure::drawHeading(painter, right, tr("Steps"), style);
    QString history;
    if (session) {
        const auto &states = session->history();
        const int last = std::min(session->currentStep(), static_cast<int>(states.size()) - 1);
        const int fitting = std::max(1, static_cast<int>(steps.height() / QFontMetricsF(style.small).height()));
        for (int i = std::max(0, last - fitting + 1); i <= last; ++i) {
            const Snapshot &s = states[static_cast<std::size_t>(i)];
            history += QStringLiteral("%1  %2\n").arg(s.step).arg(qs(ellipsize(s.term, 160)));
        }
    }
    QFont mono = style.mono;
    mono.setPixelSize(style.small.pixelSize());
    const QFontMetricsF metrics(mono);
    const QStringList historyLines = history.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    painter.setFont(mono);
    painter.setPen(style.ink);
    for (qsizetype i = 0; i < historyLines.size(); ++i) {
        const double baseline = steps.top() + static_cast<double>(i) * metrics.height() + metrics.ascent();
        if (baseline > steps.bottom())
            break;
        painter.drawText(
            QPointF(steps.left(), baseline), metrics.elidedText(historyLines[i], Qt::ElideRight, steps.width()));
    }
}

QString LambdaView::statusText() const
{
    const ReductionSession *session = reductionSession();
    if (!session)
        return inputError();
    return qs(session->statusText()); // the playback bar and the figure show the step
}

void LambdaView::startComparison()
{
    if (m_job.isRunning())
        return;
    const Strategy first = strategyOf(m_strategyA);
    const std::optional<Strategy> second = strategyOf(m_strategyB);
    m_comparison->setText(tr("Running…"));
    m_progress->setValue(0);
    m_job.start<Comparison>(
        [settings = settingsFromValues(m_values), first, second](
            const WorkControl &control) { return compareStrategies(settings, first, second, control); },
        [this](const Comparison &comparison) { showComparison(comparison); },
        [this](const QString &error) { m_comparison->setText(error.toHtmlEscaped()); });
}

void LambdaView::strategyChosen()
{
    const QString key = m_strategyA->currentData().toString();
    if (key == m_values.value(QStringLiteral("strategy")).toString())
        return;
    m_values[QStringLiteral("strategy")] = key;
    if (m_strategyB->currentIndex() == m_strategyA->currentIndex())
        m_strategyB->setCurrentIndex(m_strategyA->currentIndex() == 0 ? 1 : 0);
    emit parameterEdited(QStringLiteral("strategy"), key);
    rebuild();
}

void LambdaView::runToEnd()
{
    if (m_job.isRunning())
        return;
    m_comparison->setText(tr("Running to the end…"));
    m_progress->setValue(0);
    Settings settings = settingsFromValues(m_values);
    Settings sideSettings = settings;
    sideSettings.strategy = strategyOf(m_strategyB);
    m_job.start<RunToEnd>(
        [settings, sideSettings](const WorkControl &control) {
            RunToEnd ran;
            ran.main = std::make_unique<ReductionSession>(settings, control);
            const int last = ran.main->runToEnd(control);
            ran.side = std::make_unique<ReductionSession>(sideSettings, control);
            ran.side->runToEnd(WorkControl(), last); // as far as the main one went, no further
            return ran;
        },
        [this](RunToEnd both) {
            m_sideJob.cancel();
            m_sideSession = std::move(both.side);
            std::unique_ptr<ReductionSession> session = std::move(both.main);
            const ReductionSession &ran = *session;
            QString text = tr("<b>%1</b>: ran to step %2, %3")
                               .arg(qs(strategyTitle(ran.settings().strategy)))
                               .arg(ran.currentStep())
                               .arg(ran.atEnd() ? qs(statusTitle(ran.status()))
                                                : tr("not the end: at most %1 steps are shown; Compare counts "
                                                     "them all")
                                                      .arg(kMaxShownSteps));
            showSession(std::move(session));
            m_comparison->setText(text);
            m_progress->setValue(1000);
        },
        [this](const QString &error) { m_comparison->setText(error.toHtmlEscaped()); });
}

void LambdaView::backgroundRunningChanged(bool running)
{
    m_cancel->setEnabled(running);
    m_compare->setEnabled(!running);
    m_runToEnd->setEnabled(!running);
    emit stateChanged();
}

void LambdaView::showComparison(const Comparison &c)
{
    if (!c.first.ok) {
        m_comparison->setText(qs(c.first.error.toString()).toHtmlEscaped());
    } else {
        QString text = describe(c.first, c.firstStrategy);
        if (c.secondStrategy && c.second.ok)
            text += QStringLiteral("<br>") + describe(c.second, *c.secondStrategy);
        m_comparison->setText(text);
    }
    m_progress->setValue(1000);
}

} // namespace conceptlab::lambda
