// The batching view: layout, drawing a session's run and current step, the policy comparison.
#include "batchingview.h"

#include "batchingcharts.h"
#include "batchingscenario.h"
#include "batchingtimeline.h"
#include "breakdownwidget.h"
#include "kvstripwidget.h"

#include <QComboBox>
#include <QEvent>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QTableWidget>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace conceptlab::batching {

namespace {

    QString seconds(double value)
    {
        return std::abs(value) >= 1000 ? QString::number(value, 'f', 0) : QString::number(value, 'g', 4);
    }

    QString latin1(std::string_view text)
    {
        return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
    }

    QString milliseconds(double valueSeconds)
    {
        const double ms = 1000.0 * valueSeconds;
        return QLocale().toString(ms, 'f', std::abs(ms) >= 100 ? 0 : 1);
    }

    // One row per metric, one column per policy: the table stays readable at 1280 px.
    QStringList comparisonMetrics()
    {
        return { QObject::tr("tokens/s"), QObject::tr("TTFT p50 s"), QObject::tr("TPOT p50 ms"),
            QObject::tr("TPOT p99 ms"), QObject::tr("latency p50 s"), QObject::tr("latency p99 s"),
            QObject::tr("preempted") };
    }

} // namespace

BatchingView::BatchingView(QWidget *parent)
    : ConceptView(parent)
    , m_schema(batchingSchema())
{
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createSlotsPanel());
    splitter->addWidget(createRunPanel());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 500, 500 });
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);

    connect(&sessionBuilder(), &BackgroundJob::progressChanged, this, &BatchingView::updateHeader);
    connect(&m_comparison, &BackgroundJob::progressChanged, this, &BatchingView::updateHeader);
    connect(&m_comparison, &BackgroundJob::runningChanged, this, [this] {
        updateHeader();
        emit stateChanged();
    });
    clearDrawing();
}

BatchingView::~BatchingView() = default;

QWidget *BatchingView::createSlotsPanel()
{
    auto *panel = new QWidget(this);
    m_timeline = new SlotTimeline(panel);
    m_timeline->setTimeUnit(QStringLiteral(" s"));
    m_timeline->setFutureOpacity(0.18);
    m_timeline->setToolTipProvider([this](int stint) { return stintToolTip(stint); });
    m_legend = new PhaseLegendWidget(panel);
    m_slotReason = new QLabel(panel);
    m_slotReason->setObjectName(QStringLiteral("slotReason"));
    m_slotReason->setWordWrap(true);
    m_slotReason->setTextFormat(Qt::PlainText);
    m_slotReason->setToolTip(tr("Why batch slots are empty or idle at the next scheduler decision"));
    m_kvStrip = new KvStripWidget(panel);
    m_breakdown = new BreakdownWidget(panel);

    // Model, GPU and tensor parallelism, switched here as in the parameter panel.
    m_model = new QComboBox(panel);
    for (const ModelPreset &preset : modelPresets())
        m_model->addItem(QString::fromStdString(preset.label), QString::fromStdString(preset.id));
    m_gpu = new QComboBox(panel);
    for (const GpuPreset &preset : gpuPresets())
        m_gpu->addItem(QString::fromStdString(preset.label), QString::fromStdString(preset.id));
    m_tensorParallel = new QComboBox(panel);
    for (const int gpus : { 1, 2, 4, 8 })
        m_tensorParallel->addItem(QLocale().toString(gpus), gpus);
    m_model->setToolTip(tr("Model architecture (the model parameter)"));
    m_gpu->setToolTip(tr("GPU (the gpu parameter)"));
    m_tensorParallel->setToolTip(tr("GPUs the model is split over (tensor_parallel)"));
    connect(m_model, &QComboBox::activated, this,
        [this](int index) { hardwareChosen(QStringLiteral("model"), m_model->itemData(index)); });
    connect(m_gpu, &QComboBox::activated, this,
        [this](int index) { hardwareChosen(QStringLiteral("gpu"), m_gpu->itemData(index)); });
    connect(m_tensorParallel, &QComboBox::activated, this, [this](int index) {
        hardwareChosen(
            QStringLiteral("tensor_parallel"), QVariant::fromValue<qint64>(m_tensorParallel->itemData(index).toInt()));
    });
    auto *hardwareRow = new QHBoxLayout;
    hardwareRow->addWidget(new QLabel(tr("Model"), panel));
    hardwareRow->addWidget(m_model, 1);
    hardwareRow->addWidget(new QLabel(tr("on"), panel));
    hardwareRow->addWidget(m_gpu, 1);
    hardwareRow->addWidget(new QLabel(tr("×"), panel));
    hardwareRow->addWidget(m_tensorParallel);

    auto *slotsTitle = new QLabel(tr("<b>Batch slots</b> · wheel: zoom, drag: pan, double-click: fit"), panel);
    slotsTitle->setWordWrap(true);
    m_iterationsPerStep = new QComboBox(panel);
    for (const int count : { 1, 10, 100, 1000, 10000 })
        m_iterationsPerStep->addItem(QLocale().toString(count), count);
    m_iterationsPerStep->setToolTip(tr("Scheduler iterations run by one step of the playback bar"));
    connect(m_iterationsPerStep, &QComboBox::activated, this,
        [this](int index) { iterationsPerStepChosen(m_iterationsPerStep->itemData(index).toInt()); });
    // Example workloads: the small default and the scenario resources (e.g. a busy server).
    m_examples = new QToolButton(panel);
    m_examples->setText(tr("Examples"));
    m_examples->setToolTip(tr("Load an example workload (its parameters replace the current ones)"));
    m_examples->setPopupMode(QToolButton::InstantPopup);
    auto *examplesMenu = new QMenu(m_examples);
    for (const BatchingExample &example : batchingExamples())
        examplesMenu->addAction(example.title, this, [this, path = example.path] { exampleChosen(path); });
    m_examples->setMenu(examplesMenu);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(slotsTitle, 1);
    titleRow->addWidget(m_examples);
    titleRow->addWidget(new QLabel(tr("iterations/step"), panel));
    titleRow->addWidget(m_iterationsPerStep);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(hardwareRow);
    layout->addLayout(titleRow);
    layout->addWidget(m_timeline, 1);
    layout->addWidget(m_slotReason);
    layout->addWidget(m_legend);
    layout->addWidget(m_kvStrip);
    layout->addWidget(m_breakdown);
    return panel;
}

QWidget *BatchingView::createRunPanel()
{
    auto *panel = new QWidget(this);
    panel->setMinimumWidth(380);
    m_charts = new BatchingCharts(panel);
    m_policyChart = new PolicyChart(panel);
    m_table = new QTableWidget(panel);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->setVisible(false);
    QStringList header { tr("policy") };
    for (const auto &[policy, name] : kPolicyNames.entries)
        header << latin1(name);
    m_table->setColumnCount(static_cast<int>(header.size()));
    m_table->setHorizontalHeaderLabels(header);
    m_table->setToolTip(tr("Whole runs of every policy on this workload: TTFT and latency in seconds, TPOT in "
                           "milliseconds; the current policy in bold."));
    // fitTable() sizes the columns and rows: every word whole at any font (presenter mode too).
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->installEventFilter(this);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setRowCount(static_cast<int>(comparisonMetrics().size()));

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_charts, 4);
    layout->addWidget(new QLabel(tr("<b>All policies, same workload</b>"), panel));
    layout->addWidget(m_policyChart, 2);
    layout->addWidget(m_table, 0);
    return panel;
}

BatchingSession *BatchingView::batchingSession() const
{
    return static_cast<BatchingSession *>(session());
}

void BatchingView::setParameters(const ParameterValues &values)
{
    const ParameterCheck complete = m_schema.complete(values);
    const ParameterValues previous = std::exchange(m_values, complete.ok() ? complete.value.toMap() : values);
    if (!complete.ok()) {
        rebuild(); // the session factory reports the error
        return;
    }
    const int iterationsPerStep = static_cast<int>(integerValue(m_values, kIterationsPerStepKey));
    showIterationsPerStep(iterationsPerStep);
    ParameterValues before = previous;
    ParameterValues after = m_values;
    before.remove(kIterationsPerStepKey);
    after.remove(kIterationsPerStepKey);
    if (batchingSession() && !sessionBuilder().isRunning() && before == after) {
        // Only the step size changed: keep the session and its position.
        batchingSession()->setIterationsPerStep(iterationsPerStep);
        emit stateChanged();
        return;
    }
    rebuild();
}

void BatchingView::rebuild()
{
    m_comparison.cancel();
    clearDrawing();
    buildSession([values = m_values](const WorkControl &control) -> std::unique_ptr<Session> {
        return createBatchingSession(values, control);
    });
    updateHeader();
}

void BatchingView::iterationsPerStepChosen(int iterations)
{
    m_values.insert(kIterationsPerStepKey, QVariant::fromValue<qint64>(iterations));
    if (BatchingSession *session = batchingSession(); session && !sessionBuilder().isRunning())
        session->setIterationsPerStep(iterations);
    else
        rebuild();
    emit parameterEdited(kIterationsPerStepKey, QVariant::fromValue<qint64>(iterations));
    emit stateChanged();
}

void BatchingView::exampleChosen(const QString &path)
{
    ParameterValues target;
    try {
        target = scenarioValues(path);
    } catch (const InputError &error) {
        setInputError(QString::fromStdString(error.message()));
        return;
    }
    const ParameterValues previous = m_values;
    m_values = target;
    rebuild();
    for (auto it = target.constBegin(); it != target.constEnd(); ++it)
        if (previous.value(it.key()) != it.value())
            emit parameterEdited(it.key(), it.value());
    emit stateChanged();
}

void BatchingView::hardwareChosen(const QString &key, const QVariant &value)
{
    // A former combined preset would override the choice: it becomes its model and GPU.
    if (const Preset *preset = findPreset(textValue(m_values, QStringLiteral("preset")).toStdString())) {
        const QString model = QString::fromStdString(preset->modelId);
        const QString gpu = QString::fromStdString(preset->gpuId);
        m_values.insert(QStringLiteral("preset"), QStringLiteral("none"));
        m_values.insert(QStringLiteral("model"), model);
        m_values.insert(QStringLiteral("gpu"), gpu);
        emit parameterEdited(QStringLiteral("preset"), QStringLiteral("none"));
        emit parameterEdited(QStringLiteral("model"), model);
        emit parameterEdited(QStringLiteral("gpu"), gpu);
    }
    m_values.insert(key, value);
    rebuild();
    emit parameterEdited(key, value);
    emit stateChanged();
}

void BatchingView::showHardware(const Scenario &scenario)
{
    m_model->setCurrentIndex(m_model->findData(QString::fromStdString(scenario.modelId)));
    m_gpu->setCurrentIndex(m_gpu->findData(QString::fromStdString(scenario.gpuId)));
    int index = m_tensorParallel->findData(scenario.model.tensorParallel);
    if (index < 0) {
        m_tensorParallel->addItem(QLocale().toString(scenario.model.tensorParallel), scenario.model.tensorParallel);
        index = m_tensorParallel->count() - 1;
    }
    m_tensorParallel->setCurrentIndex(index);
}

void BatchingView::showIterationsPerStep(int iterations)
{
    int index = m_iterationsPerStep->findData(iterations);
    if (index < 0) {
        m_iterationsPerStep->addItem(QLocale().toString(iterations), iterations);
        index = m_iterationsPerStep->count() - 1;
    }
    m_iterationsPerStep->setCurrentIndex(index);
}

void BatchingView::clearDrawing()
{
    m_drawnSession = nullptr;
    m_timeline->clear();
    m_timeline->setMarks({});
    m_timeline->setRows(0, {});
    m_timeline->setPlaceholderText(tr("Simulating…"));
    m_legend->setNote({});
    m_slotReason->clear();
    m_charts->clear();
    m_policyChart->clear();
    m_kvStrip->clear();
    m_breakdown->clear();
    const QStringList metrics = comparisonMetrics();
    for (int row = 0; row < m_table->rowCount(); ++row)
        for (int column = 0; column < m_table->columnCount(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(column == 0 ? metrics.value(row) : QString()));
    fitTable();
}

void BatchingView::showSnapshot()
{
    BatchingSession *session = batchingSession();
    if (!session) {
        m_comparison.cancel();
        clearDrawing();
        if (!inputError().isEmpty())
            m_timeline->setPlaceholderText(inputError());
        updateHeader();
        return;
    }
    // A new session is allocated while the previous one still exists, so a new session never
    // has the address of the one drawn.
    if (session != m_drawnSession) {
        drawRun(*session);
        startComparison(*session);
    }
    const StepSnapshot now = session->snapshot();
    m_timeline->setCursorTime(now.nowSeconds);
    m_charts->setCursorTime(now.nowSeconds);
    m_kvStrip->setState(now.kvCapacityTokens, now.blockSizeTokens, now.live, now.nowSeconds);
    m_slotReason->setText(QString::fromStdString(now.slotReason));
    m_breakdown->setBreakdown(session->simulator().lastIteration().operationSeconds,
        session->run().summary.operationSeconds, session->scenario().model.formula);
    showIterationsPerStep(session->iterationsPerStep());
    showHardware(session->scenario());
    updateHeader();
}

void BatchingView::drawRun(const BatchingSession &session)
{
    m_drawnSession = &session;
    const RunAnalysis &run = session.run();
    m_timeline->setBars(timelineBars(run));
    drawHighlight();
    m_timeline->setTimeRange(run.timeStartSeconds, run.timeEndSeconds);
    const qsizetype bars = m_timeline->bars().size();
    m_legend->setNote(static_cast<std::size_t>(bars) < run.stints.size()
            ? tr("The timeline shows the first %1 stays.").arg(QLocale().toString(bars))
            : QString());
    m_charts->setRun(run);
}

void BatchingView::drawHighlight()
{
    const BatchingSession *session = batchingSession();
    if (!session || session != m_drawnSession)
        return;
    const int slotCount = session->scenario().config.batchSize;
    QStringList labels;
    for (int slot = 0; slot < slotCount; ++slot) {
        const bool marked = m_highlight.kind == HighlightTarget::Kind::Slot && m_highlight.index == slot;
        labels << (marked ? tr("▶ slot %1") : tr("slot %1")).arg(slot);
    }
    m_timeline->setRows(slotCount, labels);
    m_timeline->setMarks(highlightMarks(session->run(), m_highlight));
    m_kvStrip->setHighlightRequest(m_highlight.kind == HighlightTarget::Kind::Request ? m_highlight.index : -1);
}

void BatchingView::setHighlight(const QString &target)
{
    m_highlight = parseHighlightTarget(target.toStdString());
    drawHighlight();
}

void BatchingView::startComparison(const BatchingSession &session)
{
    m_comparison.start<std::vector<ComparisonRow>>(
        [scenario = session.scenario()](const WorkControl &control) { return comparePolicies(scenario, control); },
        [this](const std::vector<ComparisonRow> &rows) { showComparison(rows); });
}

bool BatchingView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
        fitTable();
    return ConceptView::eventFilter(watched, event);
}

void BatchingView::fitTable()
{
    // Tall enough for the header and every metric; columns as wide as their words, the room left
    // shared by the policy columns.
    const int line = m_table->fontMetrics().height() + 6;
    m_table->setMinimumHeight(
        m_table->horizontalHeader()->sizeHint().height() + line * m_table->rowCount() + 2 * m_table->frameWidth() + 2);
    const int columns = m_table->columnCount();
    QList<int> widths;
    int total = 0;
    for (int column = 0; column < columns; ++column) {
        const int width = std::max(static_cast<QAbstractItemView *>(m_table)->sizeHintForColumn(column),
            m_table->horizontalHeader()->sectionSizeHint(column));
        widths << width;
        total += width;
    }
    const int extra = std::max(0, m_table->viewport()->width() - total);
    const int share = columns > 1 ? extra / (columns - 1) : 0;
    for (int column = 0; column < columns; ++column)
        m_table->setColumnWidth(column, widths[column] + (column > 0 ? share : 0));
}

void BatchingView::showComparison(const std::vector<ComparisonRow> &rows)
{
    const BatchingSession *session = batchingSession();
    const QLocale locale;
    for (std::size_t index = 0; index < rows.size() && static_cast<int>(index) + 1 < m_table->columnCount(); ++index) {
        const ComparisonRow &entry = rows[index];
        const Summary &s = entry.summary;
        QStringList cells;
        if (entry.error.empty()) {
            cells << locale.toString(s.throughputTokensPerSecond, 'f', 0) << seconds(s.ttftSeconds.p50)
                  << milliseconds(s.tpotSeconds.p50) << milliseconds(s.tpotSeconds.p99) << seconds(s.latencySeconds.p50)
                  << seconds(s.latencySeconds.p99) << QString::number(s.preemptions);
        } else {
            cells << tr("cannot run");
        }
        const bool current = session && entry.policy == session->scenario().config.policy;
        const int column = static_cast<int>(index) + 1;
        for (int row = 0; row < m_table->rowCount(); ++row) {
            auto *item = new QTableWidgetItem(cells.value(row));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!entry.error.empty())
                item->setToolTip(QString::fromStdString(entry.error));
            if (current) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            m_table->setItem(row, column, item);
        }
    }
    m_policyChart->setRows(rows, session ? static_cast<int>(session->scenario().config.policy) : -1);
    fitTable();
}

QString BatchingView::figureSubtitle() const
{
    return QTextDocumentFragment::fromHtml(m_header->text()).toPlainText().simplified();
}

void BatchingView::paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style)
{
    const double leftWidth = rect.width() * 0.6;
    const QRectF left(rect.left(), rect.top(), leftWidth, rect.height());
    const QRectF right(
        left.right() + style.gap * 1.5, rect.top(), rect.right() - left.right() - style.gap * 1.5, rect.height());

    const double legendHeight = paintPhaseLegend(nullptr, {}, left.width(), style.text, style.ink);
    const double small = QFontMetricsF(style.small).height();
    const double kvHeight = small * 3;
    const double breakdownHeight = small * 4.5;
    const QString reason = m_slotReason->text();
    const double reasonHeight = reason.isEmpty()
        ? 0
        : QFontMetricsF(style.text).boundingRect(QRectF(0, 0, left.width(), 1e6), Qt::TextWordWrap, reason).height()
            + style.gap * 0.5;
    QRectF slotArea = figure::drawHeading(painter, left, tr("Batch slots (colour: what the slot does)"), style);
    slotArea.setBottom(left.bottom() - reasonHeight - legendHeight - kvHeight - breakdownHeight - style.gap * 2);
    m_timeline->paintFigure(painter, slotArea, style);
    double y = slotArea.bottom() + style.gap * 0.5;
    if (!reason.isEmpty()) {
        figure::drawText(painter, QRectF(left.left(), y, left.width(), reasonHeight), reason, style.text, style.ink);
        y += reasonHeight;
    }
    paintPhaseLegend(&painter, QPointF(left.left(), y), left.width(), style.text, style.ink);
    y += legendHeight + style.gap * 0.5;
    m_kvStrip->paintFigure(painter, QRectF(left.left(), y, left.width(), kvHeight), style);
    y += kvHeight + style.gap;
    m_breakdown->paintFigure(painter, QRectF(left.left(), y, left.width(), breakdownHeight), style);

    // The table gets the room its rows need (as figure::drawTable lays them out), the charts the rest.
    const double tableHeight = (m_table->rowCount() + 1) * QFontMetricsF(style.small).height() * 1.3 + style.gap * 0.5;
    const double chartsHeight = (right.height() - tableHeight - style.gap) * 0.6;
    m_charts->paintFigure(painter, QRectF(right.left(), right.top(), right.width(), chartsHeight), style);
    const QRectF comparison = figure::drawHeading(painter,
        QRectF(right.left(), right.top() + chartsHeight + style.gap, right.width(),
            right.height() - chartsHeight - style.gap),
        tr("All policies, same workload"), style);
    const double policyHeight = std::max(0.0, comparison.height() - tableHeight);
    m_policyChart->paintFigure(
        painter, QRectF(comparison.left(), comparison.top(), comparison.width(), policyHeight), style);
    const QRectF table(comparison.left(), comparison.top() + policyHeight, comparison.width(), tableHeight);
    QStringList header;
    for (int column = 0; column < m_table->columnCount(); ++column)
        header << (m_table->horizontalHeaderItem(column) ? m_table->horizontalHeaderItem(column)->text() : QString());
    QList<QStringList> rows;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < m_table->columnCount(); ++column)
            cells << (m_table->item(row, column) ? m_table->item(row, column)->text() : QString());
        rows << cells;
    }
    figure::drawTable(painter, table, header, rows, style);
}

void BatchingView::updateHeader()
{
    const BatchingSession *session = batchingSession();
    if (!session) {
        m_header->setText(!inputError().isEmpty()
                ? tr("<span style=\"color:#d51e1e\">%1</span>").arg(inputError().toHtmlEscaped())
                : sessionBuilder().isRunning()
                ? tr("Simulating the whole run… %1%").arg(100.0 * sessionBuilder().progress(), 0, 'f', 0)
                : QString());
        return;
    }
    const Scenario &scenario = session->scenario();
    const CostModel &cost = session->cost();
    const ModelPreset *model = findModelPreset(scenario.modelId);
    const GpuPreset *gpu = findGpuPreset(scenario.gpuId);
    // The model's size as simulated: the preset's, or the model_params_b override.
    const QString size
        = tr("%1 B parameters").arg(QString::fromStdString(formatFixed(scenario.model.parametersBillion, 2)));
    QString hardware = model && gpu
        ? tr("%1 (%2) on %3").arg(QString::fromStdString(model->label), size, QString::fromStdString(gpu->label))
        : tr("%1 (%2)").arg(QString::fromStdString(scenario.presetId), size);
    if (scenario.model.tensorParallel > 1)
        hardware += tr(" × %1").arg(scenario.model.tensorParallel);
    QString text = tr("<b>%1</b> batching · %2 · %3 requests · %4 slots · KV cache %5 tokens (%6 KB per token) · "
                      "weights read in %7 ms")
                       .arg(latin1(policyName(scenario.config.policy)), hardware)
                       .arg(scenario.requests.size())
                       .arg(scenario.config.batchSize)
                       .arg(QLocale().toString(cost.kvCapacityTokens()))
                       .arg(cost.kvBytesPerToken() / 1000.0, 0, 'f', 1)
                       .arg(1000.0 * cost.weightReadSeconds(), 0, 'f', 2);
    const Summary &s = session->run().summary;
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
    if (sessionBuilder().isRunning())
        text += tr(" · simulating new parameters… %1%").arg(100.0 * sessionBuilder().progress(), 0, 'f', 0);
    if (m_comparison.isRunning())
        text += tr(" · comparing policies… %1%").arg(100.0 * m_comparison.progress(), 0, 'f', 0);
    m_header->setText(text);
}

QString BatchingView::statusText() const
{
    return session() ? ConceptView::statusText() : inputError();
}

QString BatchingView::stintToolTip(int stint) const
{
    const BatchingSession *session = batchingSession();
    if (!session || stint < 0 || stint >= static_cast<int>(session->run().stints.size()))
        return {};
    const Stint &s = session->run().stints[static_cast<std::size_t>(stint)];
    const RequestRecord &r = session->run().records[static_cast<std::size_t>(s.request)];
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
