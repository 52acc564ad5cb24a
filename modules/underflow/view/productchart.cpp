// The log-scale product chart (productchart.h). Qt Charts' log axis cannot show zero, so the
// y axis is log10 of the value on a linear axis, and zero sits on a floor line below every
// format's smallest subnormal.
#include "productchart.h"

#include "charttheme.h"
#include "viewfonts.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace conceptlab::underflow {

namespace {
    constexpr int kMaxPoints = 1500; // per series: enough for a smooth line at any width
    constexpr double kLn10 = 2.302585092994046;

    double floorOf(const UnderflowSnapshot &snapshot)
    {
        double lowest = 0;
        for (const FormatState &f : snapshot.formats)
            lowest = std::min(lowest, std::log10(smallestSubnormal(specOf(f.format))));
        return std::floor(lowest / 10.0) * 10.0 - 10.0;
    }

    // The lowest point of the whole run (not only the steps shown, so the axis stays put while
    // playing): the exact line and every positive product, and the zero floor if one is reached.
    double lowestOf(const UnderflowSnapshot &snapshot, double floorY)
    {
        double lowest = 0;
        const Trace &trace = *snapshot.trace;
        const std::int64_t stride = std::max<std::int64_t>(1, trace.steps() / kMaxPoints);
        for (std::int64_t i = 0; i < trace.steps(); i += stride)
            lowest = std::min(lowest, trace.exactLogProduct[static_cast<std::size_t>(i)] / kLn10);
        lowest = std::min(lowest, trace.finalExactLogProduct / kLn10);
        for (const FormatState &f : snapshot.formats) {
            const FormatTrace &t = trace.of(f.format);
            if (t.firstZeroStep)
                return std::min(lowest, floorY);
            const double last = toDouble(specOf(f.format), t.productBits.back());
            if (last > 0)
                lowest = std::min(lowest, std::log10(last));
        }
        return lowest;
    }

    QString formatLabel(Format format)
    {
        const std::string_view name = kFormatNames.name(format);
        return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    }
} // namespace

QColor formatColor(Format format)
{
    return categoryColor(static_cast<int>(format));
}

ProductChart::ProductChart(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    chart()->setTitle(tr("Running product p1·…·pk (log10), subnormal bands shaded"));
    applyChartTheme(chart());
    m_x = new QValueAxis(chart());
    m_y = new QValueAxis(chart());
    m_x->setTitleText(tr("step k"));
    m_y->setTitleText(tr("log10 of the product"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    chart()->addAxis(m_x, Qt::AlignBottom);
    chart()->addAxis(m_y, Qt::AlignLeft);
    applyChartFonts(chart());
    // Beside the plot, one entry a line: a row along the bottom cuts eight names to "floa…".
    chart()->legend()->setAlignment(Qt::AlignRight);
    chart()->legend()->setShowToolTips(true);
    setMinimumSize(480, 260);
}

void ProductChart::setSnapshot(const UnderflowSnapshot &snapshot, const QString &message)
{
    m_snapshot = snapshot;
    chart()->setTitle(message.isEmpty() ? tr("Running product p1·…·pk (log10), subnormal bands shaded") : message);
    rebuild();
}

void ProductChart::setHighlight(const QString &format)
{
    m_highlight = format;
    rebuild();
}

void ProductChart::rebuild()
{
    QChart *c = chart();
    c->removeAllSeries();
    const UnderflowSnapshot &s = m_snapshot;
    if (!s.trace || s.steps == 0)
        return;
    const double floorY = floorOf(s);
    const auto steps = static_cast<double>(s.steps);
    auto attach = [&](QAbstractSeries *series) {
        c->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    };
    for (const FormatState &f : s.formats) { // subnormal bands first, under the lines
        const FormatSpec &spec = specOf(f.format);
        auto *upper = new QLineSeries(c);
        auto *lower = new QLineSeries(c);
        upper->append(
            { QPointF(0, std::log10(smallestNormal(spec))), QPointF(steps, std::log10(smallestNormal(spec))) });
        lower->append(
            { QPointF(0, std::log10(smallestSubnormal(spec))), QPointF(steps, std::log10(smallestSubnormal(spec))) });
        auto *band = new QAreaSeries(upper, lower);
        QColor fill = formatColor(f.format);
        fill.setAlpha(formatLabel(f.format) == m_highlight ? 110 : 45);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
        band->setName(QString());
        attach(band);
    }
    auto *zero = new QLineSeries(c);
    zero->setName(tr("zero"));
    zero->append({ QPointF(0, floorY), QPointF(steps, floorY) });
    zero->setPen(QPen(Qt::gray, 1.5, Qt::DashLine));
    attach(zero);
    const std::int64_t stride = std::max<std::int64_t>(1, s.steps / kMaxPoints);
    const std::int64_t last = std::max<std::int64_t>(s.step, 0);
    auto *exact = new QLineSeries(c);
    exact->setName(tr("exact ln P / ln 10"));
    exact->setPen(QPen(palette().color(QPalette::WindowText), 2, Qt::DotLine));
    for (std::int64_t k = 1; k <= last; k = (k + stride <= last || k == last) ? k + stride : last) {
        const double y = s.trace->exactLogProduct[static_cast<std::size_t>(k - 1)] / kLn10;
        exact->append(static_cast<double>(k), y);
        if (k == last)
            break;
    }
    for (const FormatState &f : s.formats) {
        const FormatSpec &spec = specOf(f.format);
        const FormatTrace &t = s.trace->of(f.format);
        auto *line = new QLineSeries(c);
        line->setName(formatLabel(f.format));
        const bool marked = formatLabel(f.format) == m_highlight;
        line->setPen(QPen(formatColor(f.format), marked ? 4 : 2));
        for (std::int64_t k = 1; k <= last; k = (k + stride <= last || k == last) ? k + stride : last) {
            const double v = toDouble(spec, t.productBits[static_cast<std::size_t>(k - 1)]);
            line->append(static_cast<double>(k), v > 0 && std::isfinite(v) ? std::log10(v) : floorY);
            if (k == last)
                break;
        }
        attach(line);
        if (t.firstZeroStep && *t.firstZeroStep <= last) {
            auto *marker = new QScatterSeries(c);
            marker->setName(QString());
            marker->setMarkerSize(11);
            marker->setColor(formatColor(f.format));
            marker->append(static_cast<double>(*t.firstZeroStep), floorY);
            attach(marker);
        }
    }
    attach(exact);
    for (QLegendMarker *m : c->legend()->markers())
        if (m->label().isEmpty())
            m->setVisible(false);
    m_x->setRange(0, steps);
    // Far below the floor the exact line leaves the chart: the panel on the right gives its value.
    m_y->setRange(std::max(lowestOf(s, floorY), 3 * floorY) - 5, 5);
    m_y->applyNiceNumbers();
}

} // namespace conceptlab::underflow
