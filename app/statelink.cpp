// Writing and reading links to a state.
#include "statelink.h"

#include "messagetext.h"
#include "text.h"

#include <QHash>
#include <QStringDecoder>
#include <QUrl>

namespace conceptlab {

namespace {

    using SchemaFor = std::function<std::optional<ParameterSchema>(const QString &)>;

    const QString kScheme = QStringLiteral("conceptlab");
    const QString kStepKey = QStringLiteral("step");
    const QString kLinkShape = QStringLiteral("conceptlab://<module>?key=value&…&step=N");

    /// Percent-encodes a key or value. Besides letters, digits and "-._~", the separators
    /// ",:/@" stay readable: lists (node names, weights) and paths are common values.
    QString encoded(const QString &text)
    {
        return QString::fromLatin1(QUrl::toPercentEncoding(text, QByteArrayLiteral(",:/@")));
    }

    int hexDigit(QChar c)
    {
        const char16_t u = c.unicode();
        if (u >= '0' && u <= '9')
            return u - '0';
        if (u >= 'a' && u <= 'f')
            return u - 'a' + 10;
        if (u >= 'A' && u <= 'F')
            return u - 'A' + 10;
        return -1;
    }

    /// Reads one link from left to right; every error names the character where it starts.
    class LinkReader {
    public:
        LinkReader(const QString &link, const SchemaFor &schemaFor)
            : m_link(link)
            , m_schemaFor(schemaFor)
        {
        }

        LinkRead read()
        {
            m_end = m_link.size();
            while (m_end > 0 && m_link.at(m_end - 1).isSpace())
                --m_end;
            while (m_pos < m_end && m_link.at(m_pos).isSpace())
                ++m_pos;
            if (m_end - m_pos > kMaxLinkCharacters)
                fail(-1,
                    QStringLiteral("%1 characters is over the limit of %2 characters")
                        .arg(m_end - m_pos)
                        .arg(kMaxLinkCharacters));
            else if (readScheme() && readModule())
                readQuery();
            return m_result;
        }

    private:
        /// Records an error at the 0-based index `index` (-1: the link as a whole); returns false.
        bool fail(qsizetype index, const QString &message)
        {
            m_result.error = linkError(index + 1, message);
            return false;
        }

        bool readScheme()
        {
            const qsizetype colon = m_link.indexOf(QLatin1Char(':'), m_pos);
            const QString scheme = colon < 0 || colon >= m_end ? QString() : m_link.mid(m_pos, colon - m_pos);
            if (scheme.compare(kScheme, Qt::CaseInsensitive) != 0) {
                const QString what = scheme.isEmpty()
                    ? QStringLiteral("not a link")
                    : QStringLiteral("the scheme %1 is not conceptlab").arg(quotedText(scheme));
                return fail(-1, QStringLiteral("%1; expected %2").arg(what, kLinkShape));
            }
            m_pos = colon + 1;
            if (m_link.mid(m_pos, 2) != QLatin1String("//"))
                return fail(m_pos, QStringLiteral("expected '//' after 'conceptlab:'; expected %1").arg(kLinkShape));
            m_pos += 2;
            return true;
        }

        bool readModule()
        {
            const qsizetype start = m_pos;
            while (m_pos < m_end && m_link.at(m_pos) != QLatin1Char('?') && m_link.at(m_pos) != QLatin1Char('/'))
                ++m_pos;
            const std::optional<QString> module = decoded(start, m_pos);
            if (!module)
                return false;
            if (module->isEmpty())
                return fail(start, QStringLiteral("expected a module id after 'conceptlab://'"));
            if (m_pos < m_end && m_link.at(m_pos) == QLatin1Char('/')) {
                // A trailing slash ("conceptlab://hashring/?...") is what some programs add.
                ++m_pos;
                if (m_pos < m_end && m_link.at(m_pos) != QLatin1Char('?'))
                    return fail(m_pos - 1, QStringLiteral("unexpected path after the module id; expected '?'"));
            }
            m_schema = m_schemaFor(*module);
            if (!m_schema)
                return fail(start, QStringLiteral("unknown module %1").arg(quotedText(*module)));
            m_result.scenario.module = *module;
            return true;
        }

        bool readQuery()
        {
            if (m_pos >= m_end)
                return true; // no parameters: every one at its default, step 0
            ++m_pos; // the '?'
            if (m_pos >= m_end)
                return true;
            while (m_pos <= m_end) {
                qsizetype itemEnd = m_link.indexOf(QLatin1Char('&'), m_pos);
                if (itemEnd < 0 || itemEnd > m_end)
                    itemEnd = m_end;
                if (!readItem(m_pos, itemEnd))
                    return false;
                m_pos = itemEnd + 1;
            }
            return true;
        }

        bool readItem(qsizetype begin, qsizetype end)
        {
            const qsizetype equals = m_link.indexOf(QLatin1Char('='), begin);
            if (equals < 0 || equals >= end || equals == begin)
                return fail(begin, QStringLiteral("expected key=value"));
            const std::optional<QString> key = decoded(begin, equals);
            if (!key)
                return false;
            const std::optional<QString> value = decoded(equals + 1, end);
            if (!value)
                return false;
            if (const auto first = m_seen.constFind(*key); first != m_seen.constEnd())
                return fail(begin,
                    QStringLiteral("%1 is given twice (first at character %2)")
                        .arg(quotedText(*key))
                        .arg(first.value() + 1));
            m_seen.insert(*key, begin);
            if (*key == kStepKey)
                return readStep(equals + 1, *value);
            const ParameterCheck checked = m_schema->parseText(*key, *value);
            if (!checked.ok())
                return fail(m_schema->find(*key) ? equals + 1 : begin, checked.error);
            m_result.scenario.params.insert(*key, checked.value);
            return true;
        }

        bool readStep(qsizetype position, const QString &text)
        {
            const std::optional<std::int64_t> step = parseInteger(text.toStdString());
            if (!step || *step < 0 || *step > kMaxLinkStep)
                return fail(position,
                    QStringLiteral("step %1 is not an integer in [0, %2]").arg(quotedText(text)).arg(kMaxLinkStep));
            m_result.scenario.step = static_cast<int>(*step);
            m_result.stepPosition = position + 1;
            return true;
        }

        /// The text of [begin, end): percent escapes decoded, the bytes read as UTF-8.
        std::optional<QString> decoded(qsizetype begin, qsizetype end)
        {
            QByteArray bytes;
            qsizetype runStart = begin; // characters taken as they are, from here to i
            for (qsizetype i = begin; i < end; ++i) {
                const QChar c = m_link.at(i);
                if (c == QLatin1Char('%') || c == QLatin1Char('#') || c.unicode() < 0x20 || c.unicode() == 0x7f) {
                    bytes += m_link.mid(runStart, i - runStart).toUtf8();
                    if (c != QLatin1Char('%'))
                        return rawCharacter(i, c);
                    const int high = i + 2 < end ? hexDigit(m_link.at(i + 1)) : -1;
                    const int low = i + 2 < end ? hexDigit(m_link.at(i + 2)) : -1;
                    if (high < 0 || low < 0) {
                        fail(i, QStringLiteral("'%' must start an escape of two hexadecimal digits; write '%' as %25"));
                        return std::nullopt;
                    }
                    bytes += static_cast<char>(high * 16 + low);
                    i += 2;
                    runStart = i + 1;
                }
            }
            bytes += m_link.mid(runStart, end - runStart).toUtf8();
            // A leading U+FEFF is part of the value, not a byte order mark.
            QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
            QString text = decoder.decode(bytes);
            if (decoder.hasError()) {
                fail(begin, QStringLiteral("not UTF-8 text once percent-decoded"));
                return std::nullopt;
            }
            return text;
        }

        std::optional<QString> rawCharacter(qsizetype index, QChar c)
        {
            if (c == QLatin1Char('#'))
                fail(index, QStringLiteral("'#' must be written %23"));
            else
                fail(index,
                    QStringLiteral("control character U+%1 must be percent-encoded")
                        .arg(QStringLiteral("%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper()));
            return std::nullopt;
        }

        const QString &m_link;
        const SchemaFor &m_schemaFor;
        std::optional<ParameterSchema> m_schema;
        QHash<QString, qsizetype> m_seen; ///< keys read so far, at their 0-based index
        qsizetype m_pos = 0;
        qsizetype m_end = 0;
        LinkRead m_result;
    };

} // namespace

bool isStateLink(const QString &text)
{
    const QString start = text.trimmed().left(kScheme.size() + 1);
    return start.compare(kScheme + QLatin1Char(':'), Qt::CaseInsensitive) == 0;
}

LinkRead parseLink(const QString &link, const SchemaFor &schemaFor)
{
    return LinkReader(link, schemaFor).read();
}

QString formatLink(const QString &module, const ParameterSchema &schema, const ParameterValues &values, int step)
{
    QString link = kScheme + QStringLiteral("://") + encoded(module);
    QChar separator = QLatin1Char('?');
    for (const ParameterSpec &spec : schema.specs()) {
        if (!values.contains(spec.key))
            continue;
        // Compared as text: the one exact form of each kind (0.1 and 0.10 are one value).
        const QString text = schema.toText(spec.key, values.value(spec.key));
        if (text == schema.toText(spec.key, spec.defaultValue))
            continue;
        link += separator + encoded(spec.key) + QLatin1Char('=') + encoded(text);
        separator = QLatin1Char('&');
    }
    return link + separator + kStepKey + QLatin1Char('=') + QString::fromStdString(formatInteger(step));
}

QString linkError(qsizetype position, const QString &message)
{
    if (position <= 0)
        return QStringLiteral("link: ") + message;
    return QStringLiteral("link, character %1: %2").arg(position).arg(message);
}

} // namespace conceptlab
