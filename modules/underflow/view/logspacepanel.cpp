// The log-space panel (logspacepanel.h): a rich-text table.
#include "logspacepanel.h"

#include "productchart.h"

#include <algorithm>
#include <cmath>

namespace conceptlab::underflow {

namespace {
    QString number(double value, int digits = 6)
    {
        if (std::isnan(value))
            return QStringLiteral("<b style='color:#d55e00'>nan</b>");
        if (std::isinf(value))
            return QStringLiteral("<b style='color:#d55e00'>%1inf</b>")
                .arg(value < 0 ? QStringLiteral("−") : QString());
        return QString::number(value, 'g', digits);
    }

    QString list(const std::vector<double> &values)
    {
        if (!values.empty() && std::all_of(values.begin(), values.end(), [](double v) { return std::isnan(v); }))
            return number(values.front()); // one "nan" for all
        QStringList parts;
        for (double v : values)
            parts << number(v, 2);
        return parts.join(QStringLiteral(", "));
    }
} // namespace

LogSpacePanel::LogSpacePanel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::RichText);
    setAlignment(Qt::AlignTop | Qt::AlignLeft);
    setWordWrap(true);
    setMinimumHeight(120);
}

void LogSpacePanel::setSnapshot(const UnderflowSnapshot &snapshot)
{
    m_snapshot = snapshot;
    refresh();
}

void LogSpacePanel::setHighlight(const QString &format)
{
    m_highlight = format;
    refresh();
}

void LogSpacePanel::refresh()
{
    const UnderflowSnapshot &s = m_snapshot;
    if (s.formats.empty()) {
        setText(QString());
        return;
    }
    QString logits;
    for (double z : s.logits)
        logits += (logits.isEmpty() ? QString() : QStringLiteral(", ")) + QString::number(z, 'g', 6);
    QString html = tr("<b>Log space</b> at step %1: exact ln P = %2, logsumexp exact = %3<br>"
                      "<small>lse: ln Σ exp(Σ ln p + z − max z), z = [%4]</small>")
                       .arg(s.step)
                       .arg(QString::number(s.exactLogProduct, 'g', 10), number(s.exactLogSumExp, 10), logits);
    const QString cell = QStringLiteral("<td align='right' style='white-space:nowrap'>%1</td>");
    html += QStringLiteral("<table cellspacing='0' cellpadding='2' width='100%'><tr><th align='left'>%1</th>"
                           "<th align='right'>%2</th><th align='right'>%3</th><th align='right'>%4</th>"
                           "<th align='right'>%5</th></tr>")
                .arg(tr("format"), tr("Σ ln p"), tr("error"), tr("lse naive"), tr("lse stable"));
    QString softmaxRows;
    for (const FormatState &f : s.formats) {
        const std::string_view name = kFormatNames.name(f.format);
        const QString label = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
        const QString head = QStringLiteral("<tr%1><td style='color:%2'><b>%3</b></td>")
                                 .arg(label == m_highlight ? QStringLiteral(" bgcolor='#f7d2e6'") : QString(),
                                     formatColor(f.format).darker(130).name(), label);
        html += head + cell.arg(number(f.logSum)) + cell.arg(number(std::abs(f.logSum - s.exactLogProduct), 2))
            + cell.arg(number(f.logSumExp.naive)) + cell.arg(number(f.logSumExp.stable)) + QStringLiteral("</tr>");
        softmaxRows
            += head + cell.arg(list(f.softmax.naive)) + cell.arg(list(f.softmax.stable)) + QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table><br><b>%1</b><table cellspacing='0' cellpadding='2' width='100%'>"
                           "<tr><th align='left'>%2</th><th align='right'>%3</th><th align='right'>%4</th></tr>")
                .arg(tr("Softmax of z"), tr("format"), tr("naive exp(z)/Σ"), tr("stable exp(z − max)/Σ"))
        + softmaxRows + QStringLiteral("</table>");
    setText(html);
}

} // namespace conceptlab::underflow
