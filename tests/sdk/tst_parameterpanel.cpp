// The parameter panel: a parameter the module's view edits itself is kept out of sight (its
// value still travels with the others), and a group left with nothing to show is hidden.
#include "parameterpanel.h"

#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QPlainTextEdit>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {
ParameterSchema schema()
{
    ParameterSchema s;
    s.add({ .key = QStringLiteral("program"),
        .label = QStringLiteral("Program"),
        .kind = ParameterKind::Code,
        .defaultValue = QStringLiteral("x = 1"),
        .group = QStringLiteral("Code"),
        .placement = ParameterPlacement::View });
    s.add({ .key = QStringLiteral("steps"),
        .label = QStringLiteral("Steps"),
        .kind = ParameterKind::Integer,
        .defaultValue = 10,
        .minimum = 1,
        .maximum = 100,
        .group = QStringLiteral("Run") });
    return s;
}
} // namespace

TEST(ParameterPanel, AParameterEditedInTheViewIsNotShownTwice)
{
    ParameterPanel panel(schema());
    panel.show();
    auto *program = panel.findChild<QWidget *>(QStringLiteral("program"));
    auto *steps = panel.findChild<QWidget *>(QStringLiteral("steps"));
    ASSERT_TRUE(program && steps);
    EXPECT_FALSE(program->isVisibleTo(&panel));
    EXPECT_TRUE(steps->isVisibleTo(&panel));
    // The "Code" group holds only the program: no empty frame is left.
    int shownGroups = 0;
    for (const QGroupBox *box : panel.findChildren<QGroupBox *>())
        shownGroups += box->isVisibleTo(&panel) ? 1 : 0;
    EXPECT_EQ(shownGroups, 1);
    // The value still travels with the others, as the view sets it.
    panel.setValue(QStringLiteral("program"), QStringLiteral("y = 2"));
    EXPECT_EQ(panel.values().value(QStringLiteral("program")).toString(), QStringLiteral("y = 2"));
    EXPECT_EQ(panel.values().value(QStringLiteral("steps")).toInt(), 10);
}

TEST(ParameterPanel, AParameterThatDoesNotApplyIsGreyedOut)
{
    ParameterSchema s;
    s.add({ .key = QStringLiteral("strategy"),
        .label = QStringLiteral("Strategy"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("modulo"),
        .choices = { QStringLiteral("modulo"), QStringLiteral("ring") } });
    s.add({ .key = QStringLiteral("vnodes"),
        .label = QStringLiteral("Virtual nodes"),
        .kind = ParameterKind::Integer,
        .defaultValue = 10,
        .minimum = 1,
        .maximum = 100,
        .appliesWhen = [](const ParameterValues &v) { return v.value(QStringLiteral("strategy")) == "ring"; } });
    ParameterPanel panel(s);
    auto *strategy = panel.findChild<QComboBox *>(QStringLiteral("strategy"));
    auto *vnodes = panel.findChild<QWidget *>(QStringLiteral("vnodes"));
    ASSERT_TRUE(strategy && vnodes);
    EXPECT_FALSE(vnodes->isEnabled());
    strategy->setCurrentIndex(1); // the user picks "ring"
    EXPECT_TRUE(vnodes->isEnabled());
    panel.setValues({ { QStringLiteral("strategy"), QStringLiteral("modulo") } }); // a scenario opens
    EXPECT_FALSE(vnodes->isEnabled());
    // Greyed out, the value is still kept and passed on.
    EXPECT_EQ(panel.values().value(QStringLiteral("vnodes")).toInt(), 10);
}

TEST(ParameterPanel, AChoiceShowsItsLabelAndKeepsItsValue)
{
    ParameterSchema s;
    s.add({ .key = QStringLiteral("strategy"),
        .label = QStringLiteral("Strategy"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("cbn"),
        .choices = { QStringLiteral("normal"), QStringLiteral("cbn") },
        .choiceLabels = { QStringLiteral("normal order"), QStringLiteral("call-by-name") } });
    ParameterPanel panel(s);
    auto *strategy = panel.findChild<QComboBox *>(QStringLiteral("strategy"));
    ASSERT_NE(strategy, nullptr);
    EXPECT_EQ(strategy->currentText(), QStringLiteral("call-by-name"));
    EXPECT_EQ(panel.values().value(QStringLiteral("strategy")).toString(), QStringLiteral("cbn"));
    panel.setValue(QStringLiteral("strategy"), QStringLiteral("normal"));
    EXPECT_EQ(strategy->currentText(), QStringLiteral("normal order"));
    panel.setValue(QStringLiteral("strategy"), QStringLiteral("no such strategy")); // ignored
    EXPECT_EQ(panel.values().value(QStringLiteral("strategy")).toString(), QStringLiteral("normal"));
}
