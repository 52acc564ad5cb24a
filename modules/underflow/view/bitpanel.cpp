// The bit panel (bitpanel.h): a painted grid of bit boxes per format and the exploration controls.
#include "bitpanel.h"

#include "productchart.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace conceptlab::underflow {

namespace {
    constexpr int kLabelWidth = 104;
    constexpr int kValueWidth = 250;

    QString nameOf(Format format)
    {
        const std::string_view name = kFormatNames.name(format);
        return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    }

    QString classText(ValueClass c)
    {
        switch (c) {
        case ValueClass::Zero:
            return QObject::tr("zero");
        case ValueClass::Subnormal:
            return QObject::tr("subnormal");
        case ValueClass::Normal:
            return QObject::tr("normal");
        case ValueClass::Infinite:
            return QObject::tr("infinite");
        case ValueClass::NaN:
            return QObject::tr("NaN");
        }
        return {};
    }
} // namespace

/// The painted rows of bit boxes.
class BitRows : public QWidget {
public:
    struct Row {
        Format format = Format::Float64;
        std::uint64_t bits = 0;
    };
    explicit BitRows(BitPanel *panel)
        : QWidget(panel)
        , m_panel(panel)
    {
        setObjectName(QStringLiteral("bitRows"));
        setMinimumHeight(150);
    }
    void setRows(std::vector<Row> rows)
    {
        m_rows = std::move(rows);
        update();
    }
    void setHighlight(const QString &format, int bit)
    {
        m_highlightFormat = format;
        m_highlightBit = bit;
        update();
    }

    /// The rows drawn on a `size` area (the widget's, or a figure's).
    void paintContent(QPainter &painter, QSize size) const;

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    int rowHeight(QSize size) const
    {
        return m_rows.empty() ? 0 : std::min(34, size.height() / static_cast<int>(m_rows.size()));
    }
    static double boxWidth(QSize size)
    {
        return std::min(22.0, (size.width() - kLabelWidth - kValueWidth - 16) / 66.0); // 64 bits, implicit, gaps
    }
    // Left edge of bit `index` (0 = least significant) in a row of `spec`; the implicit bit
    // sits between exponent and mantissa.
    static double bitX(const FormatSpec &spec, int index, QSize size)
    {
        const int fromLeft = spec.totalBits() - 1 - index;
        const bool mantissa = index < spec.mantissaBits();
        return kLabelWidth + boxWidth(size) * (fromLeft + (mantissa ? 1.4 : 0.0) + (fromLeft > 0 ? 0.2 : 0.0));
    }

    BitPanel *m_panel;
    std::vector<Row> m_rows;
    QString m_highlightFormat;
    int m_highlightBit = -1;
};

void BitRows::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintContent(painter, size());
}

void BitRows::paintContent(QPainter &painter, QSize size) const
{
    painter.setRenderHint(QPainter::Antialiasing);
    const int h = rowHeight(size);
    const double w = boxWidth(size);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, std::min(font().pointSizeF(), w * 0.55)));
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        const Row &row = m_rows[r];
        const FormatSpec &spec = specOf(row.format);
        const int y = static_cast<int>(r) * h;
        const bool rowMarked = nameOf(row.format) == m_highlightFormat;
        painter.setFont(font());
        painter.setPen(formatColor(row.format).darker(130));
        painter.drawText(QRectF(4, y, kLabelWidth - 8, h), Qt::AlignVCenter | Qt::AlignLeft, nameOf(row.format));
        painter.setFont(small);
        const ValueClass c = classify(spec, row.bits);
        for (int i = spec.totalBits() - 1; i >= 0; --i) {
            const bool set = ((row.bits >> i) & 1U) != 0;
            QColor color = i == spec.totalBits() - 1 ? QColor(0xd5, 0x5e, 0x00)
                : i >= spec.mantissaBits()           ? QColor(0x00, 0x72, 0xb2)
                                                     : QColor(0x00, 0x9e, 0x73);
            const QRectF box(bitX(spec, i, size), y + 3, w - 1, h - 6);
            painter.setPen(QPen(color.darker(120), 1));
            painter.setBrush(set ? color : color.lighter(185));
            painter.drawRect(box);
            painter.setPen(set ? Qt::white : Qt::black);
            painter.drawText(box, Qt::AlignCenter, set ? QStringLiteral("1") : QStringLiteral("0"));
            if (rowMarked && i == m_highlightBit) {
                painter.setPen(QPen(QColor(0xe6, 0x00, 0x7a), 3));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(box.adjusted(-2, -2, 2, 2));
            }
        }
        // The implicit leading bit: 1 for normals, 0 (faded) for subnormals and zero.
        const bool implicitOne = c == ValueClass::Normal;
        const QRectF implicitBox(bitX(spec, spec.mantissaBits(), size) + w * 1.1, y + 3, w - 1, h - 6);
        painter.setPen(QPen(Qt::gray, 1, Qt::DashLine));
        painter.setBrush(implicitOne ? QColor(0xcc, 0xcc, 0xcc) : Qt::transparent);
        painter.drawRect(implicitBox);
        painter.setPen(implicitOne ? Qt::black : Qt::gray);
        painter.drawText(implicitBox, Qt::AlignCenter, implicitOne ? QStringLiteral("1") : QStringLiteral("0"));
        painter.setFont(font());
        painter.setPen(palette().color(QPalette::WindowText));
        const double value = toDouble(spec, row.bits);
        const QString text
            = QStringLiteral("%1  %2").arg(QString::number(value, 'g', spec.precision > 24 ? 10 : 6), classText(c));
        painter.drawText(
            QRectF(size.width() - kValueWidth, y, kValueWidth - 4, h), Qt::AlignVCenter | Qt::AlignLeft, text);
        if (rowMarked && m_highlightBit < 0) {
            painter.setPen(QPen(QColor(0xe6, 0x00, 0x7a), 3));
            painter.setBrush(Qt::NoBrush);
            painter.drawRoundedRect(QRectF(1, y + 1, size.width() - 2, h - 2), 4, 4);
        }
    }
}

void BitRows::mousePressEvent(QMouseEvent *event)
{
    const int h = rowHeight(size());
    if (h <= 0)
        return;
    const auto r = static_cast<std::size_t>(event->position().y() / h);
    if (r >= m_rows.size())
        return;
    const FormatSpec &spec = specOf(m_rows[r].format);
    for (int i = 0; i < spec.totalBits(); ++i) {
        const double x = bitX(spec, i, size());
        if (event->position().x() >= x && event->position().x() < x + boxWidth(size())) {
            m_panel->flipBit(m_rows[r].format, i);
            return;
        }
    }
}

BitPanel::BitPanel(QWidget *parent)
    : QWidget(parent)
    , m_rows(new BitRows(this))
    , m_input(new QLineEdit(this))
    , m_follow(new QPushButton(tr("Follow the run"), this))
    , m_caption(new QLabel(this))
{
    m_input->setObjectName(QStringLiteral("exploreValue"));
    m_caption->setObjectName(QStringLiteral("bitCaption"));
    m_input->setPlaceholderText(tr("Type a value, e.g. 1e-5"));
    // Wide enough for the whole hint; the caption beside it takes what is left.
    m_input->setMinimumWidth(m_input->fontMetrics().horizontalAdvance(m_input->placeholderText()) + 24);
    m_follow->setEnabled(false);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_caption, 1);
    controls->addWidget(m_input);
    controls->addWidget(m_follow);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_rows, 1);
    connect(m_input, &QLineEdit::returnPressed, this, [this] {
        bool ok = false;
        const double value = m_input->text().trimmed().toDouble(&ok); // QString::toDouble is locale-free
        if (ok)
            explore(value);
    });
    connect(m_follow, &QPushButton::clicked, this, [this] {
        m_explored.reset();
        refresh();
    });
    refresh();
}

void BitPanel::setSnapshot(const UnderflowSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_explored.reset();
    refresh();
}

void BitPanel::setHighlight(const QString &format, int bit)
{
    m_rows->setHighlight(format, bit);
}

void BitPanel::explore(double value)
{
    m_explored = value;
    refresh();
}

void BitPanel::flipBit(Format format, int index)
{
    const auto bits = shownBits(format);
    if (!bits || index < 0 || index >= specOf(format).totalBits())
        return;
    explore(toDouble(specOf(format), *bits ^ (std::uint64_t { 1 } << index)));
}

void BitPanel::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    const double caption = figure::drawRichText(painter, rect, m_caption->text(), style);
    const QRectF rows = rect.adjusted(0, caption + style.gap * 0.5, 0, 0);
    figure::paintScaled(painter, rows, m_rows->font(), style.small,
        [this](QPainter &scaled, QSize size) { m_rows->paintContent(scaled, size); });
}

std::optional<std::uint64_t> BitPanel::shownBits(Format format) const
{
    for (const FormatState &f : m_snapshot.formats)
        if (f.format == format)
            return m_explored ? fromDouble(specOf(format), *m_explored) : f.bits;
    return std::nullopt;
}

void BitPanel::refresh()
{
    std::vector<BitRows::Row> rows;
    for (const FormatState &f : m_snapshot.formats)
        rows.push_back({ f.format, *shownBits(f.format) });
    m_rows->setRows(std::move(rows));
    m_follow->setEnabled(m_explored.has_value());
    if (m_explored)
        m_caption->setText(tr("Exploring %1 in every format (click a bit to flip it)")
                               .arg(QString::number(*m_explored, 'g', QLocale::FloatingPointShortest)));
    else if (m_snapshot.step == 0)
        m_caption->setText(tr("Bits of the product: sign · exponent · [implicit bit] mantissa"));
    else
        m_caption->setText(tr("Bits of the product at step %1 (p = %2): sign · exponent · [implicit bit] mantissa")
                               .arg(m_snapshot.step)
                               .arg(m_snapshot.probability, 0, 'g', 6));
}

} // namespace conceptlab::underflow
