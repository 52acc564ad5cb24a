// The log-space panel (logspacepanel.h): a rich-text table.
#include "logspacepanel.h"

#include "productchart.h"

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
    setMinimumHeight(200);
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
                      "<small>lse of ln P + (z − max z), z = [%4]; softmax of z</small>")
                       .arg(s.step)
                       .arg(QString::number(s.exactLogProduct, 'g', 10), number(s.exactLogSumExp, 10), logits);
    html += QStringLiteral("<table cellspacing='0' cellpadding='2' width='100%'><tr><th align='left'>%1</th>"
                           "<th align='right'>%2</th><th align='right'>%3</th><th align='right'>%4</th>"
                           "<th align='right'>%5</th><th align='left'>%6</th></tr>")
                .arg(tr("format"), tr("Σ ln p"), tr("|error|"), tr("lse naive"), tr("lse stable"),
                    tr("softmax: naive → stable"));
    for (const FormatState &f : s.formats) {
        const std::string_view name = kFormatNames.name(f.format);
        const QString label = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
        const QString background = label == m_highlight ? QStringLiteral(" bgcolor='#f7d2e6'") : QString();
        html += QStringLiteral("<tr%1><td style='color:%2'><b>%3</b></td><td align='right'>%4</td>"
                               "<td align='right'>%5</td><td align='right'>%6</td><td align='right'>%7</td>"
                               "<td>%8 → %9</td></tr>")
                    .arg(background, formatColor(f.format).darker(130).name(), label, number(f.logSum),
                        number(std::abs(f.logSum - s.exactLogProduct), 2), number(f.logSumExp.naive),
                        number(f.logSumExp.stable), list(f.softmax.naive), list(f.softmax.stable));
    }
    html += QStringLiteral("</table>");
    setText(html);
}

} // namespace conceptlab::underflow
