#include "PreflightAnswer.h"

#include "MainWindow.h"
#include "PreflightDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>

#include <gtest/gtest.h>

std::shared_ptr<const PreflightAnswer::Seen> PreflightAnswer::arm(
    MainWindow &window, Choice choice, std::function<void()> then, const QString &screenshot)
{
    auto seen = std::make_shared<Seen>();
    QObject::connect(
        &window, &MainWindow::preflightDialogOpened, &window,
        [seen, choice, then, screenshot] {
            // The signal comes just before exec(): answer from inside its loop.
            QTimer::singleShot(0, [seen, choice, then, screenshot] {
                auto *dialog = qobject_cast<PreflightDialog *>(QApplication::activeModalWidget());
                ASSERT_NE(dialog, nullptr) << "the pre-flight dialog is not the active modal window";
                seen->opened = true;
                seen->runEnabled = dialog->runButton() && dialog->runButton()->isEnabled();
                auto *overrideBox = dialog->findChild<QCheckBox *>(QStringLiteral("overrideCheckBox"));
                seen->overrideOffered = overrideBox && overrideBox->isVisibleTo(dialog);
                auto *tree = dialog->findChild<QTreeWidget *>(QStringLiteral("checkTree"));
                for (int i = 0; tree && i < tree->topLevelItemCount(); ++i) {
                    const QTreeWidgetItem *row = tree->topLevelItem(i);
                    seen->text += row->text(0) + QStringLiteral(": ") + row->text(1) + QLatin1Char('\n');
                    for (int c = 0; c < row->childCount(); ++c)
                        seen->text += QStringLiteral("  ") + row->child(c)->text(0) + QLatin1Char(' ')
                            + row->child(c)->text(1) + QLatin1Char('\n');
                    if (row->foreground(0).color() == QColor(0xc6, 0x28, 0x28))
                        seen->blockers << row->data(0, Qt::UserRole).toString();
                }
                if (const QString dir = qEnvironmentVariable("STRATA_SCREENSHOT_DIR");
                    !dir.isEmpty() && !screenshot.isEmpty())
                    dialog->grab().save(QDir(dir).filePath(screenshot));
                if (then) {
                    // Once the window's next modal dialog (the confirmation)
                    // is up: a fixed delay loses that race on a loaded machine.
                    auto *poll = new QTimer(QApplication::instance());
                    auto deadline = std::make_shared<QDeadlineTimer>(30000);
                    QObject::connect(poll, &QTimer::timeout, [poll, dialog, then, deadline] {
                        QWidget *modal = QApplication::activeModalWidget();
                        const bool next = modal && modal != dialog;
                        if (!next && !deadline->hasExpired())
                            return;
                        poll->stop();
                        poll->deleteLater();
                        if (next)
                            then();
                    });
                    poll->start(20);
                }
                switch (choice) {
                case Choice::Cancel:
                    dialog->reject();
                    return;
                case Choice::OverrideAndRun:
                    ASSERT_NE(overrideBox, nullptr);
                    overrideBox->setChecked(true);
                    break;
                case Choice::Run:
                    break;
                }
                ASSERT_NE(dialog->runButton(), nullptr) << "the dialog opened in Review mode";
                ASSERT_TRUE(dialog->runButton()->isEnabled()) << "Run is disabled:\n"
                                                              << seen->text.toStdString();
                dialog->runButton()->click();
            });
        },
        Qt::SingleShotConnection);
    return seen;
}
