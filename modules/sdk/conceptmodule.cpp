// Small out-of-line pieces of the module contract.
#include "conceptmodule.h"

namespace conceptlab {

void Progress::report(double, const QString &) const
{
}

bool Progress::isCancelled() const
{
    return false;
}

CancellableProgress::CancellableProgress(Reporter reporter)
    : m_reporter(std::move(reporter))
{
}

void CancellableProgress::report(double fraction, const QString &message) const
{
    if (m_reporter)
        m_reporter(fraction, message);
}

bool CancellableProgress::isCancelled() const
{
    return m_cancelled.load(std::memory_order_relaxed);
}

void CancellableProgress::cancel()
{
    m_cancelled.store(true, std::memory_order_relaxed);
}

static QString csvCell(const QString &cell)
{
    if (!cell.contains(QLatin1Char(',')) && !cell.contains(QLatin1Char('"')) && !cell.contains(QLatin1Char('\n'))
        && !cell.contains(QLatin1Char('\r')))
        return cell;
    QString quoted = cell;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

static void appendCsvLine(QByteArray &out, const QStringList &cells)
{
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(csvCell(cells.at(i)).toUtf8());
    }
    out.append('\n');
}

QByteArray ResultTable::toCsv() const
{
    QByteArray out;
    appendCsvLine(out, header);
    for (const QStringList &row : rows)
        appendCsvLine(out, row);
    return out;
}

RunResult RunResult::failure(const QString &message)
{
    RunResult result;
    result.error = message;
    return result;
}

} // namespace conceptlab
