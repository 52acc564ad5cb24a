// Small out-of-line pieces of the module contract.
#include "conceptmodule.h"

namespace conceptlab {

ConceptView::ConceptView(QWidget *parent)
    : QWidget(parent)
{
    connect(&m_builder, &BackgroundJob::runningChanged, this, &ConceptView::stateChanged);
}

ConceptView::~ConceptView() = default;

void ConceptView::showSession(std::unique_ptr<Session> session)
{
    m_builder.cancel();
    m_session = std::move(session);
    m_inputError.clear();
    sessionChanged();
}

void ConceptView::buildSession(SessionFactory factory)
{
    m_builder.start<std::unique_ptr<Session>>(
        std::move(factory),
        [this](std::unique_ptr<Session> session) {
            m_session = std::move(session);
            m_inputError.clear();
            sessionChanged();
        },
        [this](const QString &error) {
            m_session.reset();
            m_inputError = error;
            sessionChanged();
        });
}

void ConceptView::sessionChanged()
{
    showSnapshot();
    emit stateChanged();
}

void ConceptView::reset()
{
    if (!m_session)
        return;
    m_session->reset();
    sessionChanged();
}

void ConceptView::stepForward()
{
    if (m_session && m_session->stepForward())
        sessionChanged();
}

int ConceptView::stepTo(int step)
{
    if (!m_session)
        return 0;
    m_session->reset();
    int taken = 0;
    while (taken < step && m_session->stepForward())
        ++taken;
    sessionChanged();
    return taken;
}

void ConceptView::stepBackward()
{
    if (m_session && m_session->stepBackward())
        sessionChanged();
}

QString ConceptView::statusText() const
{
    return m_session ? QString::fromStdString(m_session->statusText()) : QString();
}

ResultTable ConceptView::currentTable() const
{
    return m_session ? ResultTable::fromTable(m_session->currentTable()) : ResultTable();
}

void ConceptView::setInputError(const QString &message)
{
    if (m_inputError == message)
        return;
    m_inputError = message;
    emit stateChanged();
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

ResultTable ResultTable::fromTable(const Table &table)
{
    ResultTable result;
    for (const std::string &cell : table.header)
        result.header.append(QString::fromStdString(cell));
    for (const auto &row : table.rows) {
        QStringList cells;
        cells.reserve(qsizetype(row.size()));
        for (const std::string &cell : row)
            cells.append(QString::fromStdString(cell));
        result.rows.append(cells);
    }
    return result;
}

RunResult RunResult::failure(const QString &message)
{
    RunResult result;
    result.error = message;
    return result;
}

} // namespace conceptlab
