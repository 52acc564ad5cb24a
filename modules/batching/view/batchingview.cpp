// The batching view: layout, worker threads, stepping and drawing of snapshots.
#include "batchingview.h"

#include "batchingcharts.h"
#include "batchingresult.h"
#include "kvstripwidget.h"

#include <timelineview.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace conceptlab::batching {

namespace {

    QString seconds(double value)
    {
        return std::abs(value) >= 1000 ? QString::number(value, 'f', 0) : QString::number(value, 'g', 4);
    }

    QString legendHtml()
    {
        const QColor color = requestColor(0);
        auto swatch = [](const QString &style, const QString &text) {
            return QStringLiteral("<span style=\"%1\">&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;%2&nbsp;&nbsp;&nbsp;")
                .arg(style, text);
        };
        return swatch(QStringLiteral("background-color:%1").arg(color.darker(160).name()), QObject::tr("prefill"))
            + swatch(QStringLiteral("background-color:%1").arg(color.name()), QObject::tr("decode"))
            + swatch(QStringLiteral("background-color:#c8c8c8"), QObject::tr("finished, slot held (idle)"))
            + QStringLiteral("<span style=\"color:#d51e1e\"><b>[&nbsp;&nbsp;]</b></span>&nbsp;%1&nbsp;&nbsp;&nbsp;")
                  .arg(QObject::tr("preempted"))
            + QObject::tr("· empty row: free slot · colour per request · red line: now");
    }

} // namespace

BatchingView::BatchingView(QWidget *parent)
    : ConceptView(parent)
    , m_schema(batchingSchema())
{
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);

    m_timeline = new TimelineView(this);
    m_timeline->setTimeUnit(QStringLiteral(" s"));
    m_timeline->setFutureOpacity(0.18);
    m_timeline->setPlaceholderText(tr("Simulating…"));
    m_timeline->setToolTipProvider([this](int stint) { return stintToolTip(stint); });
    m_legend = new QLabel(legendHtml(), this);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    m_kvStrip = new KvStripWidget(this);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *slotsTitle = new QLabel(tr("<b>Batch slots</b> · wheel: zoom, drag: pan, double-click: fit"), left);
    slotsTitle->setWordWrap(true);
    m_iterationsPerStep = new QComboBox(left);
    for (const int count : { 1, 10, 100, 1000, 10000 })
        m_iterationsPerStep->addItem(QLocale().toString(count), count);
    m_iterationsPerStep->setToolTip(tr("Scheduler iterations run by one step of the playback bar"));
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(slotsTitle, 1);
    titleRow->addWidget(new QLabel(tr("iterations/step"), left));
    titleRow->addWidget(m_iterationsPerStep);
    leftLayout->addLayout(titleRow);
    leftLayout->addWidget(m_timeline, 1);
    leftLayout->addWidget(m_legend);
    leftLayout->addWidget(m_kvStrip);

    m_charts = new BatchingCharts(this);
    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->setColumnCount(7);
    m_table->setHorizontalHeaderLabels(
        { tr("policy"), tr("tok/s"), tr("TTFT\np50 s"), tr("TPOT\np50 ms"), tr("latency\np50 s"), tr("latency\np99 s"),
            tr("pre-\nempted") }); // two lines a header: the table stays readable at 1280 px
    m_table->setToolTip(tr("Whole runs of every policy on this workload: TTFT and latency in seconds, TPOT in "
                           "milliseconds; the current policy in bold."));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setRowCount(5);

    auto *right = new QWidget(this);
    right->setMinimumWidth(380);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_charts, 3);
    rightLayout->addWidget(new QLabel(tr("<b>All policies, same workload</b>"), right));
    rightLayout->addWidget(m_table, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 560, 440 });
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);

    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(150);
    connect(m_progressTimer, &QTimer::timeout, this, &BatchingView::updateHeader);
    connect(&m_runWatcher, &QFutureWatcher<RunSnapshot>::finished, this, &BatchingView::runFinished);
    connect(
        &m_compareWatcher, &QFutureWatcher<QList<ComparisonRow>>::finished, this, &BatchingView::comparisonFinished);

    setParameters(m_schema.defaults());
}

BatchingView::~BatchingView()
{
    cancelWork();
    m_runWatcher.waitForFinished();
    m_compareWatcher.waitForFinished();
    for (QFuture<void> &future : m_superseded)
        future.waitForFinished();
}

void BatchingView::cancelWork()
{
    if (m_runControl)
        m_runControl->cancelled.store(true);
    if (m_compareControl)
        m_compareControl->cancelled.store(true);
}

void BatchingView::setParameters(const ParameterValues &values)
{
    const ParameterCheck complete = m_schema.complete(values);
    cancelWork();
    m_runReady = false;
    m_run = RunSnapshot();
    m_timeline->clear();
    m_charts->clear();
    m_kvStrip->clear();
    for (int row = 0; row < m_table->rowCount(); ++row)
        for (int column = 0; column < m_table->columnCount(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem);
    if (!complete.ok()) {
        m_scenario = Scenario();
        m_scenario.error = complete.error;
    } else {
        m_scenario = buildScenario(complete.value.toMap());
    }
    if (m_scenario.error.isEmpty()) {
        m_timeline->setRows(m_scenario.config.batchSize, [&] {
            QStringList labels;
            for (int slot = 0; slot < m_scenario.config.batchSize; ++slot)
                labels << tr("slot %1").arg(slot);
            return labels;
        }());
        m_timeline->setPlaceholderText(tr("Simulating…"));
        startWork();
    } else {
        m_timeline->setRows(0);
        m_timeline->setPlaceholderText(m_scenario.error);
    }
    reset();
}

QString BatchingView::inputError() const
{
    return m_scenario.error.isEmpty() ? m_run.error : m_scenario.error;
}

void BatchingView::startWork()
{
    // Superseded work was cancelled; keep its futures so the destructor can wait for them.
    m_superseded.removeIf([](const QFuture<void> &future) { return future.isFinished(); });
    if (m_runWatcher.isRunning())
        m_superseded.append(QFuture<void>(m_runWatcher.future()));
    if (m_compareWatcher.isRunning())
        m_superseded.append(QFuture<void>(m_compareWatcher.future()));
    m_runControl = std::make_shared<WorkControl>();
    m_compareControl = std::make_shared<WorkControl>();
    const HardwareModel model = m_scenario.model;
    const SchedulerConfig config = m_scenario.config;
    auto requests = std::make_shared<const std::vector<Request>>(m_scenario.requests);
    auto runControl = m_runControl;
    auto compareControl = m_compareControl;
    m_runWatcher.setFuture(QtConcurrent::run(
        [model, config, requests, runControl] { return computeRun(model, config, *requests, *runControl); }));
    m_compareWatcher.setFuture(QtConcurrent::run([model, config, requests, compareControl] {
        return computeComparison(model, config, *requests, *compareControl);
    }));
    m_progressTimer->start();
}

void BatchingView::runFinished()
{
    RunSnapshot run = m_runWatcher.result();
    if (run.cancelled) // superseded by newer parameters
        return;
    m_run = std::move(run);
    m_runReady = true;
    if (!m_run.error.isEmpty()) {
        m_timeline->setPlaceholderText(m_run.error);
    } else {
        m_timeline->setBars(m_run.bars);
        m_legend->setText(m_run.barsTruncated ? legendHtml()
                    + tr(" · <b>the timeline shows the first %1 stays</b>").arg(QLocale().toString(m_run.bars.size()))
                                              : legendHtml());
        m_timeline->setTimeRange(m_run.timeStart, m_run.timeEnd);
        m_charts->setRun(m_run);
    }
    showStep();
    if (!isBusy())
        m_progressTimer->stop();
    Q_EMIT stateChanged();
}

void BatchingView::comparisonFinished()
{
    const QList<ComparisonRow> rows = m_compareWatcher.result();
    if (rows.isEmpty()) // cancelled
        return;
    const QLocale locale;
    for (int row = 0; row < rows.size() && row < m_table->rowCount(); ++row) {
        const ComparisonRow &entry = rows[row];
        const Summary &s = entry.summary;
        QStringList cells = { QString::fromLatin1(policyName(entry.policy)) };
        if (entry.error.isEmpty()) {
            cells << locale.toString(s.throughputTokensPerSecond, 'f', 0) << seconds(s.ttftSeconds.p50)
                  << locale.toString(1000.0 * s.tpotSeconds.p50, 'f', 1) << seconds(s.latencySeconds.p50)
                  << seconds(s.latencySeconds.p99) << QString::number(s.preemptions);
        } else {
            cells << tr("cannot run") << QString() << QString() << QString() << QString() << QString();
        }
        const bool current = entry.policy == m_scenario.config.policy;
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            if (column > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!entry.error.isEmpty())
                item->setToolTip(entry.error);
            if (current) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            m_table->setItem(row, column, item);
        }
    }
    if (!isBusy())
        m_progressTimer->stop();
    updateHeader();
    Q_EMIT stateChanged();
}

void BatchingView::rebuildStepper()
{
    m_step = 0;
    m_iterations = 0;
    m_stepStarts.clear();
    m_stepper.reset();
    if (m_scenario.error.isEmpty()) {
        m_stepper = std::make_unique<Simulator>(CostModel(m_scenario.model), m_scenario.config, m_scenario.requests);
        if (!m_stepper->error().empty())
            m_timeline->setPlaceholderText(QString::fromStdString(m_stepper->error()));
    }
}

void BatchingView::advance(std::int64_t iterations)
{
    while (iterations-- > 0 && m_stepper && m_stepper->step())
        ++m_iterations;
}

void BatchingView::reset()
{
    rebuildStepper();
    showStep();
    Q_EMIT stateChanged();
}

void BatchingView::stepForward()
{
    if (atEnd())
        return;
    m_stepStarts.push_back(m_iterations);
    advance(m_iterationsPerStep->currentData().toInt());
    ++m_step;
    showStep();
    Q_EMIT stateChanged();
}

void BatchingView::stepBackward()
{
    if (m_step == 0)
        return;
    // Replay from the start: the simulation is deterministic and an iteration is cheap.
    const int step = m_step - 1;
    std::vector<std::int64_t> starts = std::move(m_stepStarts);
    const std::int64_t target = starts.back();
    starts.pop_back();
    rebuildStepper();
    advance(target);
    m_step = step;
    m_stepStarts = std::move(starts);
    showStep();
    Q_EMIT stateChanged();
}

bool BatchingView::canStepBackward() const
{
    return m_step > 0;
}

bool BatchingView::atEnd() const
{
    return !m_stepper || m_stepper->done();
}

int BatchingView::currentStep() const
{
    return m_step;
}

bool BatchingView::isBusy() const
{
    return m_runWatcher.isRunning() || m_compareWatcher.isRunning();
}

void BatchingView::showStep()
{
    const double now = m_stepper ? m_stepper->nowSeconds() : 0.0;
    m_timeline->setCursorTime(now);
    m_charts->setCursorTime(now);
    if (m_stepper && m_stepper->error().empty()) {
        const bool paged = m_scenario.config.policy == Policy::Paged || m_scenario.config.policy == Policy::Chunked;
        m_kvStrip->setState(
            m_stepper->kvCapacityTokens(), paged ? m_scenario.config.blockSizeTokens : 0, m_stepper->live(), now);
    } else {
        m_kvStrip->clear();
    }
    updateHeader();
}

void BatchingView::updateHeader()
{
    const Preset *preset = findPreset(m_scenario.presetId.toStdString());
    QString text;
    if (!m_scenario.error.isEmpty()) {
        text = tr("<span style=\"color:#d51e1e\">%1</span>").arg(m_scenario.error.toHtmlEscaped());
    } else {
        const CostModel cost(m_scenario.model);
        text = tr("<b>%1</b> batching · %2 · %3 requests · %4 slots · KV cache %5 tokens (%6 KB per token) · "
                  "weights read in %7 ms")
                   .arg(QString::fromLatin1(policyName(m_scenario.config.policy)),
                       preset ? QString::fromStdString(preset->label) : m_scenario.presetId)
                   .arg(m_scenario.requests.size())
                   .arg(m_scenario.config.batchSize)
                   .arg(QLocale().toString(cost.kvCapacityTokens()))
                   .arg(cost.kvBytesPerToken() / 1000.0, 0, 'f', 1)
                   .arg(1000.0 * cost.memorySeconds(0), 0, 'f', 2);
        if (m_runReady && m_run.error.isEmpty()) {
            const Summary &s = m_run.summary;
            text += tr("<br>Whole run: <b>%1 tokens/s</b>, %2 req/s · TTFT p50 %3 s · TPOT p50 %4 ms · latency "
                       "p50 %5 s, p99 %6 s · GPU busy %7% · slots used %8% · preemptions %9")
                        .arg(QLocale().toString(s.throughputTokensPerSecond, 'f', 0))
                        .arg(s.throughputRequestsPerSecond, 0, 'f', 2)
                        .arg(seconds(s.ttftSeconds.p50))
                        .arg(1000.0 * s.tpotSeconds.p50, 0, 'f', 1)
                        .arg(seconds(s.latencySeconds.p50), seconds(s.latencySeconds.p99))
                        .arg(100.0 * s.gpuBusyFraction, 0, 'f', 0)
                        .arg(100.0 * s.slotUtilization, 0, 'f', 0)
                        .arg(s.preemptions);
        } else if (m_runReady) {
            text += QStringLiteral("<br><span style=\"color:#d51e1e\">%1</span>").arg(m_run.error.toHtmlEscaped());
        } else if (m_runControl) {
            text += tr("<br>Simulating the whole run… %1%").arg(100.0 * m_runControl->progress.load(), 0, 'f', 0);
        }
        if (!m_runReady || m_compareWatcher.isRunning())
            text += tr(" · comparing policies… %1%")
                        .arg(100.0 * (m_compareControl ? m_compareControl->progress.load() : 0.0), 0, 'f', 0);
    }
    m_header->setText(text);
}

QString BatchingView::statusText() const
{
    if (!m_stepper)
        return m_scenario.error;
    return tr("step %1 · iteration %2 · t = %3 s · %4 running · %5 waiting · %6 of %7 done")
        .arg(m_step)
        .arg(m_iterations)
        .arg(m_stepper->nowSeconds(), 0, 'f', 3)
        .arg(m_stepper->live().size())
        .arg(m_stepper->queued())
        .arg(m_stepper->completed())
        .arg(m_stepper->records().size());
}

ResultTable BatchingView::currentTable() const
{
    return m_stepper ? requestTable(*m_stepper) : ResultTable();
}

QString BatchingView::stintToolTip(int stint) const
{
    if (stint < 0 || stint >= static_cast<int>(m_run.stints.size()))
        return {};
    const Stint &s = m_run.stints[static_cast<std::size_t>(stint)];
    const RequestRecord &r = m_run.records[static_cast<std::size_t>(s.request)];
    QString text = tr("<b>request %1</b> in slot %2<br>prompt %3 tokens, output %4 tokens<br>arrived %5 s · first "
                      "token %6 s (TTFT %7 s)<br>finished %8 s (latency %9 s)")
                       .arg(s.request)
                       .arg(s.slot)
                       .arg(r.promptTokens)
                       .arg(r.outputTokens)
                       .arg(seconds(r.arrivalSeconds), seconds(r.firstTokenSeconds),
                           seconds(r.firstTokenSeconds - r.arrivalSeconds), seconds(r.finishSeconds),
                           seconds(r.finishSeconds - r.arrivalSeconds));
    text += tr("<br>this stay: %1 – %2 s").arg(seconds(s.startSeconds), seconds(s.endSeconds));
    if (s.preempted)
        text += tr("<br><span style=\"color:#d51e1e\">preempted here; recomputed later</span>");
    if (r.preemptions > 0)
        text += tr("<br>preempted %1× in all").arg(r.preemptions);
    return text;
}

} // namespace conceptlab::batching
