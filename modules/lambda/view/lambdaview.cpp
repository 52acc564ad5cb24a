// LambdaView: draws Session snapshots and forwards playback and edits.
#include "lambdaview.h"

#include "codeeditor.h"
#include "core/prelude.h"
#include "lambdahighlighter.h"
#include "termwidgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace conceptlab::lambda {

namespace {

    QString qs(const std::string &s)
    {
        return QString::fromStdString(s);
    }

    QString strategyTitle(Strategy s)
    {
        switch (s) {
        case Strategy::Normal:
            return LambdaView::tr("normal order");
        case Strategy::Applicative:
            return LambdaView::tr("applicative order");
        case Strategy::CallByName:
            return LambdaView::tr("call-by-name");
        case Strategy::CallByValue:
            return LambdaView::tr("call-by-value");
        case Strategy::CallByNeed:
            return LambdaView::tr("call-by-need");
        }
        return {};
    }

    QString statusTitle(Status s)
    {
        switch (s) {
        case Status::Running:
            return LambdaView::tr("running");
        case Status::NormalForm:
            return LambdaView::tr("normal form");
        case Status::WeakHeadNormalForm:
            return LambdaView::tr("weak head normal form");
        case Status::StepLimit:
            return LambdaView::tr("step limit reached");
        case Status::SizeLimit:
            return LambdaView::tr("size limit reached");
        case Status::Diverges:
            return LambdaView::tr("diverges");
        case Status::Cancelled:
            return LambdaView::tr("cancelled");
        }
        return {};
    }

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
                           .arg(strategyTitle(s))
                           .arg(o.steps)
                           .arg(LambdaView::tr("steps"), statusTitle(o.status));
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

} // namespace

LambdaView::LambdaView(const ParameterSchema &schema, QWidget *parent)
    : ConceptView(parent)
    , m_schema(schema)
{
    m_values = schema.defaults();
    m_pool.setMaxThreadCount(1);
    m_pool.setStackSize(256u * 1024u * 1024u); // deep terms recurse deeply

    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->addWidget(split);

    // Left: editor, current term, explanation, result, pictures.
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *termRow = new QHBoxLayout;
    termRow->addWidget(heading(tr("Term")));
    termRow->addStretch();
    auto *examples = new QComboBox;
    examples->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    examples->setMinimumContentsLength(28);
    examples->addItem(tr("Examples…"));
    const QStringList files
        = QDir(QStringLiteral(":/lambda/examples")).entryList({ QStringLiteral("*.lambda") }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        QFile f(QStringLiteral(":/lambda/examples/") + file);
        if (f.open(QIODevice::ReadOnly)) {
            const QString text = QString::fromUtf8(f.readAll()).trimmed();
            // The first comment line names the example.
            QString title = text.section(QLatin1Char('\n'), 0, 0);
            title = title.startsWith(QLatin1String("--")) ? title.mid(2).trimmed() : QFileInfo(file).baseName();
            examples->addItem(title, text);
        }
    }
    connect(examples, &QComboBox::activated, this, [this, examples](int index) {
        if (index > 0)
            m_editor->setPlainText(examples->itemData(index).toString());
        examples->setCurrentIndex(0);
    });
    termRow->addWidget(examples);
    leftLayout->addLayout(termRow);
    m_editor = new CodeEditor;
    new LambdaHighlighter(m_editor->document());
    m_editor->setFixedHeight(72);
    m_editor->setPlaceholderText(tr("e.g. PLUS 2 3, or \\x y.x, with `let NAME = term` lines before it"));
    leftLayout->addWidget(m_editor);

    auto *currentRow = new QHBoxLayout;
    currentRow->addWidget(heading(tr("Current term")));
    currentRow->addStretch();
    auto *legendF = new QLabel(tr("function"));
    legendF->setStyleSheet(
        QStringLiteral("background:%1; padding:1px 6px; border-radius:3px;").arg(redexFunctionColor().name()));
    auto *legendA = new QLabel(tr("argument"));
    legendA->setStyleSheet(
        QStringLiteral("background:%1; padding:1px 6px; border-radius:3px;").arg(redexArgumentColor().name()));
    currentRow->addWidget(legendF);
    currentRow->addWidget(legendA);
    m_deBruijn = new QCheckBox(tr("de Bruijn"));
    currentRow->addWidget(m_deBruijn);
    leftLayout->addLayout(currentRow);
    m_current = new CodeEditor;
    m_current->setReadOnly(true);
    m_current->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_current->setFixedHeight(92);
    QFont termFont = m_current->font();
    termFont.setPointSizeF(termFont.pointSizeF() * 1.25);
    m_current->setFont(termFont);
    new LambdaHighlighter(m_current->document());
    leftLayout->addWidget(m_current);

    m_explanation = new QLabel;
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setMinimumHeight(36);
    m_explanation->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    leftLayout->addWidget(m_explanation);
    m_result = new QLabel;
    QFont big = m_result->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_result->setFont(big);
    leftLayout->addWidget(m_result);

    auto *pictures = new QSplitter(Qt::Horizontal);
    auto *treeBox = new QWidget;
    auto *treeLayout = new QVBoxLayout(treeBox);
    treeLayout->setContentsMargins(0, 0, 0, 0);
    treeLayout->addWidget(heading(tr("Syntax tree")));
    m_tree = new TreeWidget;
    treeLayout->addWidget(m_tree, 1);
    auto *diagramBox = new QWidget;
    auto *diagramLayout = new QVBoxLayout(diagramBox);
    diagramLayout->setContentsMargins(0, 0, 0, 0);
    diagramLayout->addWidget(heading(tr("Lambda diagram (Tromp)")));
    m_diagram = new DiagramWidget;
    m_diagram->setToolTip(tr("Each λ is a horizontal bar; each variable a vertical line hanging from its binder; "
                             "an application links the function's line to the argument's."));
    diagramLayout->addWidget(m_diagram, 1);
    pictures->addWidget(treeBox);
    pictures->addWidget(diagramBox);
    pictures->setStretchFactor(0, 3);
    pictures->setStretchFactor(1, 2);
    leftLayout->addWidget(pictures, 1);
    split->addWidget(left);

    // Right: history and comparison.
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(heading(tr("History (click to rewind)")));
    m_history = new QListWidget;
    m_history->setUniformItemSizes(true);
    m_history->setTextElideMode(Qt::ElideRight);
    rightLayout->addWidget(m_history, 1);

    auto *box = new QGroupBox(tr("Run to the end, or compare two strategies"));
    auto *boxLayout = new QVBoxLayout(box);
    auto *pick = new QHBoxLayout;
    m_strategyA = new QComboBox;
    m_strategyB = new QComboBox;
    for (Strategy s : { Strategy::Normal, Strategy::Applicative, Strategy::CallByName, Strategy::CallByValue,
             Strategy::CallByNeed }) {
        m_strategyA->addItem(strategyTitle(s), QString::fromLatin1(strategyKey(s)));
        m_strategyB->addItem(strategyTitle(s), QString::fromLatin1(strategyKey(s)));
    }
    m_strategyB->setCurrentIndex(1);
    pick->addWidget(m_strategyA, 1);
    pick->addWidget(new QLabel(tr("vs")));
    pick->addWidget(m_strategyB, 1);
    boxLayout->addLayout(pick);
    auto *buttons = new QHBoxLayout;
    m_runToEnd = new QPushButton(tr("Run to end"));
    m_runToEnd->setToolTip(tr("Reduce with the chosen strategy to the end (or a limit) in the background"));
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
    rightLayout->addWidget(box);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    m_editTimer.setSingleShot(true);
    m_editTimer.setInterval(350);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { m_editTimer.start(); });
    connect(&m_editTimer, &QTimer::timeout, this, &LambdaView::editorChanged);
    connect(m_deBruijn, &QCheckBox::toggled, this, [this] { show(false); });
    connect(m_history, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != m_cursor && row < static_cast<int>(m_session.history().size())) {
            m_cursor = row;
            show(false);
            emit stateChanged();
        }
    });
    connect(m_runToEnd, &QPushButton::clicked, this, [this] { startBackground(false); });
    connect(m_compare, &QPushButton::clicked, this, [this] { startBackground(true); });
    connect(m_cancel, &QPushButton::clicked, this, &LambdaView::cancelBackground);
    connect(&m_watcher, &QFutureWatcher<Comparison>::finished, this, &LambdaView::backgroundFinished);
    m_pollTimer.setInterval(100);
    connect(&m_pollTimer, &QTimer::timeout, this, [this] {
        m_progress->setValue(static_cast<int>(
            1000.0 * static_cast<double>(m_workerSteps.load()) / static_cast<double>(m_workerMaxSteps)));
    });

    m_editor->blockSignals(true);
    m_editor->setPlainText(m_values.value(QStringLiteral("term")).toString());
    m_editor->blockSignals(false);
    reload();
}

LambdaView::~LambdaView()
{
    m_workerCancel = true;
    m_pool.waitForDone();
}

Settings LambdaView::settings() const
{
    Settings s;
    s.term = m_values.value(QStringLiteral("term")).toString().toStdString();
    strategyFromKey(m_values.value(QStringLiteral("strategy")).toString().toStdString(), s.strategy);
    s.maxSteps = static_cast<std::uint64_t>(m_values.value(QStringLiteral("max_steps")).toLongLong());
    s.maxSize = static_cast<std::uint64_t>(m_values.value(QStringLiteral("max_size")).toLongLong());
    s.prelude = m_values.value(QStringLiteral("prelude")).toBool();
    s.preludeText = std::string(preludeText());
    return s;
}

void LambdaView::setParameters(const ParameterValues &values)
{
    const ParameterCheck complete = m_schema.complete(values);
    m_values = complete.ok() ? complete.value.toMap() : m_schema.defaults();
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
    reload();
}

void LambdaView::reset()
{
    reload();
}

void LambdaView::reload()
{
    m_cursor = 0;
    m_history->clear();
    m_loadError.clear();
    m_editor->clearError();
    ParseError error;
    if (!m_session.load(settings(), &error)) {
        m_loadError = qs(error.toString());
        m_editor->setError(error.line, error.column, error.length, qs(error.message));
    }
    show(false);
    emit stateChanged();
}

void LambdaView::editorChanged()
{
    const QString text = m_editor->toPlainText();
    if (text == m_values.value(QStringLiteral("term")).toString())
        return;
    m_values[QStringLiteral("term")] = text;
    emit parameterEdited(QStringLiteral("term"), text);
    reload();
}

void LambdaView::stepForward()
{
    if (!m_session.loaded())
        return;
    if (m_cursor + 1 < static_cast<int>(m_session.history().size())) {
        ++m_cursor;
        show(true);
    } else if (m_session.advance()) {
        m_cursor = static_cast<int>(m_session.history().size()) - 1;
        show(true);
    } else {
        show(false);
    }
    emit stateChanged();
}

void LambdaView::stepBackward()
{
    if (m_cursor > 0) {
        --m_cursor;
        show(false);
        emit stateChanged();
    }
}

bool LambdaView::atEnd() const
{
    if (!m_session.loaded())
        return true;
    return m_cursor + 1 >= static_cast<int>(m_session.history().size()) && m_session.status() != Status::Running;
}

bool LambdaView::isBusy() const
{
    // Busy until the result is shown, not merely computed.
    return m_backgroundRunning || m_tree->isAnimating();
}

void LambdaView::syncHistory()
{
    const auto &history = m_session.history();
    m_history->blockSignals(true);
    while (m_history->count() < static_cast<int>(history.size())) {
        const Snapshot &s = history[static_cast<std::size_t>(m_history->count())];
        auto *item = new QListWidgetItem(QStringLiteral("%1   %2").arg(s.step).arg(qs(ellipsize(s.term, 160))));
        item->setToolTip(s.explanation.empty() ? tr("the input term") : qs(s.explanation));
        m_history->addItem(item);
    }
    m_history->setCurrentRow(m_cursor);
    m_history->blockSignals(false);
    if (m_history->currentItem())
        m_history->scrollToItem(m_history->currentItem());
}

void LambdaView::show(bool animate)
{
    m_current->clearHighlights();
    if (!m_session.loaded()) {
        m_current->setPlainText(tr("(the term does not parse)"));
        m_explanation->setText(m_loadError);
        m_result->clear();
        m_tree->setTree({}, false);
        m_diagram->setTerm({});
        m_history->clear();
        return;
    }
    const auto &history = m_session.history();
    m_cursor = std::clamp(m_cursor, 0, static_cast<int>(history.size()) - 1);
    const Snapshot &s = history[static_cast<std::size_t>(m_cursor)];
    const bool last = m_cursor + 1 == static_cast<int>(history.size());
    if (m_deBruijn->isChecked()) {
        m_current->setPlainText(qs(s.deBruijn.empty() ? s.term : s.deBruijn));
    } else {
        m_current->setPlainText(qs(s.term));
        if (s.redexFunction.valid())
            m_current->addHighlight(
                s.redexFunction.begin, s.redexFunction.end - s.redexFunction.begin, redexFunctionColor());
        if (s.redexArgument.valid())
            m_current->addHighlight(
                s.redexArgument.begin, s.redexArgument.end - s.redexArgument.begin, redexArgumentColor());
    }

    QString explanation
        = m_cursor == 0 ? tr("Step 0: the input term.") : tr("Step %1: %2.").arg(s.step).arg(qs(s.explanation));
    const bool ended = last && m_session.status() != Status::Running;
    if (ended) {
        explanation += QLatin1Char(' ') + tr("No further step: %1.").arg(statusTitle(m_session.status()));
        if (m_session.status() == Status::Diverges)
            explanation += QLatin1Char(' ') + tr("The term repeats every %1 step(s).").arg(m_session.cycleLength());
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

    QStringList result;
    if (!s.value.empty())
        result << QStringLiteral("= %1").arg(qs(s.value));
    if (!s.name.empty())
        result << QStringLiteral("≡ %1").arg(qs(s.name));
    if (result.isEmpty())
        result << tr("no decoded value");
    m_result->setText(result.join(QStringLiteral("     ")));
    m_result->setStyleSheet(s.value.empty() && s.name.empty() ? QStringLiteral("color:#888;") : QString());

    m_tree->setTree(flattenText(s.term, NameMode::KeepNames, 400, s.redexMarked ? &s.redexPath : nullptr), animate);
    m_diagram->setTerm(flattenText(s.expanded, NameMode::ExpandNames, 3000));
    syncHistory();
}

QString LambdaView::statusText() const
{
    if (!m_session.loaded())
        return m_loadError;
    const Snapshot &s = m_session.history()[static_cast<std::size_t>(m_cursor)];
    QString text = tr("step %1 · %2").arg(s.step).arg(strategyTitle(settings().strategy));
    if (atEnd())
        text += QStringLiteral(" · ") + statusTitle(m_session.status());
    if (!s.value.empty())
        text += QStringLiteral(" · = ") + qs(s.value);
    if (!s.name.empty())
        text += QStringLiteral(" · ≡ ") + qs(s.name);
    return text;
}

ResultTable LambdaView::currentTable() const
{
    ResultTable table;
    table.header = { "step", "term", "redex", "explanation", "renames", "size" };
    if (!m_session.loaded())
        return table;
    const auto &history = m_session.history();
    for (int i = 1; i <= m_cursor && i < static_cast<int>(history.size()); ++i) {
        const Snapshot &s = history[static_cast<std::size_t>(i)];
        table.rows.append({ QString::number(s.step), qs(s.term), qs(s.nextRedex), qs(s.explanation), qs(s.renames),
            QString::number(s.size) });
    }
    return table;
}

void LambdaView::startBackground(bool compare)
{
    if (m_backgroundRunning)
        return;
    m_backgroundRunning = true;
    Settings first = settings();
    strategyFromKey(m_strategyA->currentData().toString().toStdString(), first.strategy);
    Settings second = first;
    strategyFromKey(m_strategyB->currentData().toString().toStdString(), second.strategy);
    m_workerSteps = 0;
    m_workerCancel = false;
    m_workerMaxSteps = std::max<std::uint64_t>(1, first.maxSteps * (compare ? 2 : 1));
    auto progress = [this](std::uint64_t offset) {
        return [this, offset](std::uint64_t steps) {
            m_workerSteps = offset + steps;
            return m_workerCancel.load();
        };
    };
    first.cancelled = progress(0);
    second.cancelled = progress(first.maxSteps);
    m_comparison->setText(tr("Running…"));
    m_progress->setValue(0);
    m_cancel->setEnabled(true);
    m_compare->setEnabled(false);
    m_runToEnd->setEnabled(false);
    m_pollTimer.start();
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [first, second, compare]() {
        Comparison c;
        c.first = evaluate(first);
        c.two = compare;
        if (compare && c.first.status != Status::Cancelled)
            c.second = evaluate(second);
        return c;
    }));
    emit stateChanged();
}

void LambdaView::cancelBackground()
{
    m_workerCancel = true;
}

void LambdaView::backgroundFinished()
{
    m_backgroundRunning = false;
    m_pollTimer.stop();
    m_cancel->setEnabled(false);
    m_compare->setEnabled(true);
    m_runToEnd->setEnabled(true);
    const Comparison c = m_watcher.result();
    Strategy a = Strategy::Normal;
    Strategy b = Strategy::Applicative;
    strategyFromKey(m_strategyA->currentData().toString().toStdString(), a);
    strategyFromKey(m_strategyB->currentData().toString().toStdString(), b);
    if (!c.first.ok) {
        m_comparison->setText(qs(c.first.error.toString()).toHtmlEscaped());
    } else {
        QString text = describe(c.first, a);
        if (c.two && c.second.ok && c.second.status != Status::Running)
            text += QStringLiteral("<br>") + describe(c.second, b);
        if (c.first.status == Status::Cancelled)
            text = tr("Cancelled after %1 steps.").arg(c.first.steps);
        m_comparison->setText(text);
    }
    m_progress->setValue(1000);
    emit stateChanged();
}

} // namespace conceptlab::lambda
