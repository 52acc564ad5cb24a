// Qt Charts for the hashring view.
#include "hashringcharts.h"

#include "charttheme.h"
#include "viewfonts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFontInfo>
#include <QFontMetrics>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace conceptlab::hashring {

namespace {
    QChartView *makeView(QChart *chart, QWidget *parent)
    {
        applyChartTheme(chart);
        chart->setMargins(QMargins(4, 4, 4, 4));
        auto *view = new QChartView(chart, parent);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(180);
        return view;
    }

    // A value axis from 0 to at least `top` whose ticks fall on round numbers: a step of 1, 2
    // or 5 times a power of ten (at least `minimumStep`), about five intervals. `suffix`
    // follows each label (e.g. "%").
    void setRoundAxis(QValueAxis *axis, double top, double minimumStep, const QString &suffix = QString())
    {
        top = std::max(top, 1e-9);
        const double raw = top / 5;
        const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
        const double normalized = raw / magnitude;
        const double step = std::max(minimumStep,
            (normalized <= 1          ? 1
                    : normalized <= 2 ? 2
                    : normalized <= 5 ? 5
                                      : 10)
                * magnitude);
        // A hair of tolerance, so that a top of exactly 4 steps (after rounding) is not 5.
        const double intervals = std::ceil(top / step - 1e-9);
        axis->setRange(0, intervals * step);
        axis->setTickCount(static_cast<int>(intervals) + 1);
        const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
        QString format = decimals == 0 ? QStringLiteral("%d") : QStringLiteral("%.%1f").arg(decimals);
        format += QString(suffix).replace(QLatin1Char('%'), QStringLiteral("%%"));
        axis->setLabelFormat(format);
    }

    // Turns the chart's category labels upright when they would not fit side by side in a
    // plot `width` pixels wide (Qt Charts would cut them to "nod…").
    void fitCategoryLabels(QChart *chart, double width)
    {
        for (QAbstractAxis *axis : chart->axes(Qt::Horizontal)) {
            auto *categories = qobject_cast<QBarCategoryAxis *>(axis);
            if (!categories || categories->count() == 0)
                continue;
            const QFontMetrics metrics(categories->labelsFont());
            int widest = 0;
            for (const QString &label : categories->categories())
                widest = std::max(widest, metrics.horizontalAdvance(label));
            const double perCategory = width / categories->count();
            categories->setLabelsAngle(widest + 6 > perCategory ? -90 : 0);
        }
    }

    // The plot width of a chart `chartWidth` pixels wide: less the value axis and margins
    // (and a legend column beside it).
    double plotWidth(const QChart *chart, double chartWidth)
    {
        double legend = 0;
        if (chart->legend()->isVisible() && chart->legend()->alignment() == Qt::AlignRight)
            legend = chart->legend()->effectiveSizeHint(Qt::PreferredSize).width();
        return std::max(1.0, chartWidth - 70 - legend);
    }

    void clearChart(QChart *chart)
    {
        chart->removeAllSeries();
        const auto axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            chart->removeAxis(axis);
            delete axis;
        }
    }
} // namespace

HashringCharts::HashringCharts(QWidget *parent)
    : QWidget(parent)
{
    m_load = new QChart;
    m_sweep = new QChart;
    m_moves = new QChart;
    m_loadView = makeView(m_load, this);
    m_sweepView = makeView(m_sweep, this);
    m_movesView = makeView(m_moves, this);
    m_load->setTitle(tr("Keys per node"));
    m_sweep->setTitle(tr("Ring balance vs virtual nodes"));
    m_moves->setTitle(tr("Keys moved per event, by strategy"));
    // Seven strategies and the ideal do not fit on one legend line under the chart: a column
    // beside it keeps every name whole.
    m_moves->legend()->setAlignment(Qt::AlignRight);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_loadView, 1);
    layout->addWidget(m_sweepView, 1);
    layout->addWidget(m_movesView, 1);
    setMinimumWidth(380);
}

void HashringCharts::setLoad(const TimelineState &state, const TimelineState *previous)
{
    clearChart(m_load);
    // Node names in current order, then those that left.
    QStringList names;
    for (const Node &node : state.nodes)
        names << QString::fromStdString(node.name);
    if (previous)
        for (const Node &node : previous->nodes)
            if (!names.contains(QString::fromStdString(node.name)))
                names << QString::fromStdString(node.name);
    constexpr int kMaxBars = 40;
    const bool truncated = names.size() > kMaxBars;
    if (truncated)
        names = names.mid(0, kMaxBars);
    const auto countOf = [](const TimelineState &s, const QString &name) -> qreal {
        for (std::size_t i = 0; i < s.nodes.size(); ++i)
            if (QString::fromStdString(s.nodes[i].name) == name)
                return static_cast<qreal>(s.counts[i]);
        return 0;
    };
    auto *series = new QBarSeries;
    auto *before = new QBarSet(tr("before"));
    auto *after = new QBarSet(tr("after"));
    before->setColor(QColor(0x9a, 0x9a, 0x9a));
    after->setColor(categoryColor(0));
    qreal most = 1;
    for (const QString &name : names) {
        if (previous)
            *before << countOf(*previous, name);
        *after << countOf(state, name);
        most = std::max({ most, countOf(state, name), previous ? countOf(*previous, name) : 0 });
    }
    if (previous && state.event.kind != EventKind::None)
        series->append(before);
    else
        delete before;
    series->append(after);
    m_load->addSeries(series);
    double totalWeight = 0;
    for (const Node &node : state.nodes)
        totalWeight += node.weight;
    // The ideal count per node as a short dash over its bars: one series per node, so the
    // dashes are not joined; only the first shows in the legend.
    const auto keyCount = static_cast<double>(state.owners.size());
    std::vector<QLineSeries *> idealSeries;
    for (int i = 0; i < names.size(); ++i) {
        double share = 0;
        for (const Node &node : state.nodes)
            if (QString::fromStdString(node.name) == names[i])
                share = node.weight / totalWeight;
        if (share <= 0)
            continue;
        auto *ideal = new QLineSeries;
        ideal->setName(tr("ideal (weight share)"));
        ideal->setPen(QPen(palette().color(QPalette::Text), 2, Qt::SolidLine));
        ideal->append(i - 0.42, keyCount * share);
        ideal->append(i + 0.42, keyCount * share);
        most = std::max(most, keyCount * share);
        m_load->addSeries(ideal);
        idealSeries.push_back(ideal);
    }
    auto *x = new QBarCategoryAxis;
    x->append(names);
    if (names.size() > 8)
        x->setLabelsFont(styledFont({ .scale = 0.8 }));
    auto *y = new QValueAxis;
    setRoundAxis(y, most * 1.05, 1); // whole keys
    y->setTitleText(tr("keys"));
    m_load->addAxis(x, Qt::AlignBottom);
    m_load->addAxis(y, Qt::AlignLeft);
    applyChartFonts(m_load);
    series->attachAxis(x);
    series->attachAxis(y);
    for (std::size_t i = 0; i < idealSeries.size(); ++i) {
        idealSeries[i]->attachAxis(x);
        idealSeries[i]->attachAxis(y);
        if (i > 0)
            for (QLegendMarker *marker : m_load->legend()->markers(idealSeries[i]))
                marker->setVisible(false);
    }
    m_load->setTitle(truncated ? tr("Keys per node (first %1 nodes)").arg(kMaxBars) : tr("Keys per node"));
    fitCategoryLabels(m_load, plotWidth(m_load, m_loadView->width()));
}

void HashringCharts::setSweep(const std::vector<SweepPoint> &points, int currentVirtualNodes)
{
    clearChart(m_sweep);
    m_sweep->setTitle(tr("Ring balance vs virtual nodes per node"));
    if (points.empty())
        return;
    auto *ratio = new QLineSeries;
    ratio->setName(tr("max/mean"));
    ratio->setPen(QPen(categoryColor(0), 2));
    auto *deviation = new QLineSeries;
    deviation->setName(tr("σ / mean"));
    deviation->setPen(QPen(categoryColor(1), 2));
    double top = 1.0;
    for (const SweepPoint &p : points) {
        ratio->append(p.virtualNodes, p.maxOverMean);
        deviation->append(p.virtualNodes, p.relativeStddev);
        top = std::max({ top, p.maxOverMean, p.relativeStddev });
    }
    m_sweep->addSeries(ratio);
    m_sweep->addSeries(deviation);
    auto *marker = new QScatterSeries;
    marker->setName(tr("current vnodes"));
    marker->setMarkerSize(9);
    marker->setColor(categoryColor(2));
    const auto nearest = std::min_element(points.begin(), points.end(), [&](const SweepPoint &a, const SweepPoint &b) {
        return std::abs(a.virtualNodes - currentVirtualNodes) < std::abs(b.virtualNodes - currentVirtualNodes);
    });
    marker->append(nearest->virtualNodes, nearest->maxOverMean);
    m_sweep->addSeries(marker);
    auto *x = new QLogValueAxis;
    x->setBase(10);
    x->setLabelFormat(QStringLiteral("%g"));
    x->setTitleText(tr("virtual nodes per node"));
    x->setRange(points.front().virtualNodes, points.back().virtualNodes);
    auto *y = new QValueAxis;
    setRoundAxis(y, top * 1.05, 0);
    m_sweep->addAxis(x, Qt::AlignBottom);
    m_sweep->addAxis(y, Qt::AlignLeft);
    applyChartFonts(m_sweep);
    for (QAbstractSeries *s : { static_cast<QAbstractSeries *>(ratio), static_cast<QAbstractSeries *>(deviation),
             static_cast<QAbstractSeries *>(marker) }) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

void HashringCharts::setStrategyMoves(const StrategyMoves &moves, Strategy current)
{
    QStringList events;
    for (const std::string &label : moves.labels)
        events << QString::fromStdString(label);
    const auto &fractions = moves.fractions;
    const auto &ideal = moves.ideal;
    clearChart(m_moves);
    m_moves->setTitle(tr("Keys moved per event, by strategy"));
    if (events.isEmpty())
        return;
    auto *series = new QBarSeries;
    const auto &strategies = allStrategies();
    for (std::size_t s = 0; s < strategies.size(); ++s) {
        auto *set = new QBarSet(QString::fromUtf8(strategyName(strategies[s]).data()));
        set->setColor(categoryColor(static_cast<int>(s)));
        if (strategies[s] == current)
            set->setBorderColor(palette().color(QPalette::Text));
        for (const auto &row : fractions)
            *set << (s < row.size() ? std::max(0.0, row[s]) * 100 : 0);
        series->append(set);
    }
    m_moves->addSeries(series);
    auto *idealLine = new QLineSeries;
    idealLine->setName(tr("ideal"));
    idealLine->setPen(QPen(palette().color(QPalette::Text), 1.5, Qt::DashLine));
    double top = 10;
    for (std::size_t e = 0; e < ideal.size(); ++e) {
        idealLine->append(static_cast<double>(e) - 0.45, ideal[e] * 100);
        idealLine->append(static_cast<double>(e) + 0.45, ideal[e] * 100);
    }
    for (const auto &row : fractions)
        for (double f : row)
            top = std::max(top, f * 100);
    m_moves->addSeries(idealLine);
    auto *x = new QBarCategoryAxis;
    x->append(events);
    auto *y = new QValueAxis;
    setRoundAxis(y, std::min(100.0, top * 1.05), 0, QStringLiteral("%"));
    y->setTitleText(tr("keys moved"));
    m_moves->addAxis(x, Qt::AlignBottom);
    m_moves->addAxis(y, Qt::AlignLeft);
    applyChartFonts(m_moves);
    series->attachAxis(x);
    series->attachAxis(y);
    idealLine->attachAxis(x);
    idealLine->attachAxis(y);
    fitCategoryLabels(m_moves, plotWidth(m_moves, m_movesView->width()));
}

void HashringCharts::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitCategoryLabels(m_load, plotWidth(m_load, m_loadView->width()));
    fitCategoryLabels(m_moves, plotWidth(m_moves, m_movesView->width()));
}

void HashringCharts::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    // The load and the moves: the sweep needs more room than a figure's column has.
    const QList<QChart *> charts { m_load, m_moves };
    const double height = (rect.height() - style.gap) / 2;
    // drawChart lays a chart out at the figure's size over its text scale: fit the labels to that.
    const double chartPx = std::max(6, QFontInfo(m_load->legend()->font()).pixelSize());
    const double scale = std::clamp(style.small.pixelSize() * 0.85 / chartPx, 0.5, 4.0);
    for (qsizetype i = 0; i < charts.size(); ++i) {
        fitCategoryLabels(charts[i], plotWidth(charts[i], rect.width() / scale));
        figure::drawChart(painter,
            QRectF(rect.left(), rect.top() + static_cast<double>(i) * (height + style.gap), rect.width(), height),
            charts[i], style);
        fitCategoryLabels(
            charts[i], plotWidth(charts[i], charts[i] == m_load ? m_loadView->width() : m_movesView->width()));
    }
}

void HashringCharts::setComputing(int chart, bool computing)
{
    QChart *target = chart == 1 ? m_sweep : m_moves;
    QString title = target->title();
    const QString suffix = tr(" (computing…)");
    if (computing && !title.endsWith(suffix))
        title += suffix;
    if (!computing && title.endsWith(suffix))
        title.chop(suffix.size());
    target->setTitle(title);
}

} // namespace conceptlab::hashring
