// KeychainSecretStore against a real Secret Service: run the binary inside
// scripts/with-keychain.sh (a private session bus with an unlocked
// gnome-keyring), as scripts/test.sh and CI do. The "no keychain" cases run this
// binary again as a child process on a bus with no Secret Service, or on none.

#include "secrets/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

using Failure = SecretStore::Failure;
using Operation = SecretStore::Operation;

std::string str(const QString &s)
{
    return s.toStdString();
}

QString randomHex()
{
    return QStringLiteral("%1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

QString uniqueKey()
{
    return QStringLiteral("strata/test-") + randomHex();
}

// The one answer to one request.
struct Answer
{
    enum Kind { None, Read, Written, Deleted, Failed };
    Kind kind = None;
    QString key;
    QString password;
    Operation op = Operation::Read;
    Failure failure = Failure::Other;
    QString message;
};

// Collects the store's answers in the order they come.
class AnswerLog
{
public:
    explicit AnswerLog(SecretStore &store)
    {
        QObject::connect(&store, &SecretStore::passwordRead, &m_context,
            [this](const QString &key, const QString &password) { add(Answer::Read, key, password); });
        QObject::connect(&store, &SecretStore::passwordWritten, &m_context,
            [this](const QString &key) { add(Answer::Written, key); });
        QObject::connect(&store, &SecretStore::passwordDeleted, &m_context,
            [this](const QString &key) { add(Answer::Deleted, key); });
        QObject::connect(&store, &SecretStore::failed, &m_context,
            [this](const QString &key, Operation op, Failure failure, const QString &message) {
                Answer &answer = add(Answer::Failed, key);
                answer.op = op;
                answer.failure = failure;
                answer.message = message;
            });
    }

    // Waits for the next answer; kind None when none came in time.
    Answer next(int timeoutMs = 30000)
    {
        if (!QTest::qWaitFor([this] { return !m_answers.isEmpty(); }, timeoutMs))
            return {};
        return m_answers.takeFirst();
    }

private:
    Answer &add(Answer::Kind kind, const QString &key, const QString &password = {})
    {
        Answer answer;
        answer.kind = kind;
        answer.key = key;
        answer.password = password;
        m_answers.append(answer);
        return m_answers.last();
    }

    QObject m_context;
    QList<Answer> m_answers;
};

class KeychainSecretStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "no session bus: run this test inside scripts/with-keychain.sh";
    }

    void TearDown() override
    {
        // Leave nothing behind in the keyring, whatever the test did.
        for (const QString &key : std::as_const(m_keys)) {
            m_store.deletePassword(key);
            m_log.next();
        }
    }

    QString newKey()
    {
        m_keys.append(uniqueKey());
        return m_keys.last();
    }

    KeychainSecretStore m_store;
    AnswerLog m_log { m_store };
    QStringList m_keys;
};

TEST_F(KeychainSecretStoreTest, WritesReadsAndDeletesAPassword)
{
    const QString key = newKey();
    // Spaces, quotes, a backslash and non-ASCII: the password must come back byte for byte.
    const QString password = QStringLiteral("s3cr\u00e9t p'a\"ss\\w\u00f6rd \u2603");

    m_store.writePassword(key, password);
    Answer answer = m_log.next();
    ASSERT_EQ(answer.kind, Answer::Written) << str(answer.message);
    EXPECT_EQ(str(answer.key), str(key));

    m_store.readPassword(key);
    answer = m_log.next();
    ASSERT_EQ(answer.kind, Answer::Read) << str(answer.message);
    EXPECT_EQ(str(answer.key), str(key));
    EXPECT_EQ(str(answer.password), str(password));

    m_store.deletePassword(key);
    answer = m_log.next();
    ASSERT_EQ(answer.kind, Answer::Deleted) << str(answer.message);
    EXPECT_EQ(str(answer.key), str(key));

    m_store.readPassword(key);
    answer = m_log.next();
    ASSERT_EQ(answer.kind, Answer::Failed);
    EXPECT_EQ(str(answer.key), str(key));
    EXPECT_EQ(answer.op, Operation::Read);
    EXPECT_EQ(answer.failure, Failure::NotFound) << str(answer.message);
    EXPECT_TRUE(answer.message.contains(key)) << str(answer.message);
}

TEST_F(KeychainSecretStoreTest, OverwritesAStoredPassword)
{
    const QString key = newKey();
    m_store.writePassword(key, QStringLiteral("first"));
    m_store.writePassword(key, QStringLiteral("second"));
    m_store.readPassword(key);
    EXPECT_EQ(m_log.next().kind, Answer::Written);
    EXPECT_EQ(m_log.next().kind, Answer::Written);
    const Answer read = m_log.next();
    ASSERT_EQ(read.kind, Answer::Read) << str(read.message);
    EXPECT_EQ(str(read.password), "second");
}

TEST_F(KeychainSecretStoreTest, DeletingAMissingPasswordSucceeds)
{
    const QString key = newKey();
    m_store.deletePassword(key);
    const Answer answer = m_log.next();
    EXPECT_EQ(answer.kind, Answer::Deleted) << str(answer.message);
}

TEST_F(KeychainSecretStoreTest, AnswersRequestsInTheOrderTheyWereMade)
{
    const QString first = newKey();
    const QString second = newKey();
    // All at once, without waiting: the answers must not overtake each other.
    m_store.writePassword(first, QStringLiteral("one"));
    m_store.readPassword(second);
    m_store.writePassword(second, QStringLiteral("two"));
    m_store.readPassword(first);
    m_store.deletePassword(first);
    m_store.readPassword(first);
    m_store.readPassword(second);

    Answer a = m_log.next();
    EXPECT_TRUE(a.kind == Answer::Written && a.key == first) << a.kind << ' ' << str(a.message);
    a = m_log.next();
    EXPECT_TRUE(a.kind == Answer::Failed && a.key == second && a.failure == Failure::NotFound) << a.kind;
    a = m_log.next();
    EXPECT_TRUE(a.kind == Answer::Written && a.key == second) << a.kind;
    a = m_log.next();
    EXPECT_TRUE(a.kind == Answer::Read && a.key == first && a.password == QLatin1String("one")) << a.kind;
    a = m_log.next();
    EXPECT_TRUE(a.kind == Answer::Deleted && a.key == first) << a.kind;
    a = m_log.next();
    EXPECT_TRUE(a.kind == Answer::Failed && a.key == first && a.failure == Failure::NotFound) << a.kind;
    a = m_log.next();
    EXPECT_TRUE(a.kind == Answer::Read && a.key == second && a.password == QLatin1String("two")) << a.kind;
}

// Other tools (and the user, in Passwords and Keys / seahorse) find Strata's
// entries by these attributes; the README documents them.
TEST_F(KeychainSecretStoreTest, StoresTheEntryUnderServiceStrataAndTheKey)
{
    const QString secretTool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
    if (secretTool.isEmpty())
        GTEST_SKIP() << "secret-tool is not installed (apt-get install libsecret-tools)";
    const QString key = newKey();
    m_store.writePassword(key, QStringLiteral("visible-to-secret-tool"));
    ASSERT_EQ(m_log.next().kind, Answer::Written);

    QProcess lookup;
    lookup.start(secretTool,
        { QStringLiteral("lookup"), QStringLiteral("user"), key, QStringLiteral("server"),
            KeychainSecretStore::serviceName(), QStringLiteral("type"), QStringLiteral("plaintext") });
    ASSERT_TRUE(lookup.waitForFinished(30000));
    EXPECT_EQ(lookup.exitCode(), 0) << lookup.readAllStandardError().toStdString();
    EXPECT_EQ(lookup.readAllStandardOutput().trimmed().toStdString(), "visible-to-secret-tool");
}

TEST_F(KeychainSecretStoreTest, KeepsWorkingWhenDestroyedWithARequestRunning)
{
    const QString key = newKey();
    {
        KeychainSecretStore shortLived;
        shortLived.writePassword(key, QStringLiteral("written by a store that is gone"));
    } // the running job must neither be deleted nor call back into the dead store
    m_store.readPassword(key);
    const Answer answer = m_log.next();
    ASSERT_EQ(answer.kind, Answer::Read) << str(answer.message);
    EXPECT_EQ(str(answer.password), "written by a store that is gone");
}

// ---- Without a keychain: this binary again, in a child process ----

// Runs one of the DISABLED_ child tests below as `[wrapper...] <this binary>`
// with `env`, and fails unless it passed.
void runChild(const char *childTest, const QProcessEnvironment &env, const QStringList &wrapper = {})
{
    QStringList arguments = wrapper;
    arguments << QCoreApplication::applicationFilePath() << QStringLiteral("--gtest_also_run_disabled_tests")
              << QStringLiteral("--gtest_filter=KeychainSecretStoreChild.") + QString::fromLatin1(childTest);
    const QString program = arguments.takeFirst();
    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(program, arguments);
    ASSERT_TRUE(child.waitForFinished(120000)) << "the child did not finish";
    const QString output = QString::fromUtf8(child.readAll());
    EXPECT_EQ(child.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(child.exitCode(), 0) << output.toStdString();
    EXPECT_TRUE(output.contains(QLatin1String("[  PASSED  ] 1 test"))) << output.toStdString();
}

// This process's environment without a desktop session, a bus or a keyring,
// with private runtime and data folders in `scratch`.
QProcessEnvironment environmentWithoutDesktop(const QTemporaryDir &scratch)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *variable : { "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
             "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "GNOME_KEYRING_CONTROL", "KDE_FULL_SESSION" })
        env.remove(QString::fromLatin1(variable));
    // Nothing at $XDG_RUNTIME_DIR/bus either.
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), scratch.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), scratch.path());
    return env;
}

// `dbus-run-session --config-file=... --`: a session bus of our own that can
// start no service at all. Its socket is abstract, so the daemon (which may
// outlive dbus-run-session for a moment) leaves no file in `scratch`. Empty
// when dbus-run-session is missing.
QStringList privateBusWithoutServices(const QTemporaryDir &scratch)
{
    const QString runSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    if (runSession.isEmpty())
        return {};
    const QString services = scratch.filePath(QStringLiteral("services"));
    QDir().mkpath(services);
    QFile config(scratch.filePath(QStringLiteral("session.conf")));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    config.write(
        QStringLiteral(R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:abstract=%1</listen>
  <servicedir>%2</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)")
            .arg(QStringLiteral("strata-test-bus-") + randomHex(), services)
            .toUtf8());
    return { runSession, QStringLiteral("--config-file=") + config.fileName(), QStringLiteral("--") };
}

TEST(KeychainSecretStoreWithoutKeychain, FailsAsUnavailableWithoutASessionBus)
{
    QTemporaryDir scratch;
    ASSERT_TRUE(scratch.isValid());
    QProcessEnvironment env = environmentWithoutDesktop(scratch);
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
        QStringLiteral("unix:path=") + scratch.filePath(QStringLiteral("no-such-bus")));
    env.insert(QStringLiteral("STRATA_EXPECTED_KEYCHAIN_REASON"), QStringLiteral("no D-Bus session bus"));
    runChild("DISABLED_FailsAsUnavailable", env);
}

TEST(KeychainSecretStoreWithoutKeychain, FailsAsUnavailableWithoutASecretService)
{
    QTemporaryDir scratch;
    ASSERT_TRUE(scratch.isValid());
    const QStringList bus = privateBusWithoutServices(scratch);
    if (bus.isEmpty())
        GTEST_SKIP() << "dbus-run-session is not installed (apt-get install dbus)";
    QProcessEnvironment env = environmentWithoutDesktop(scratch);
    env.insert(QStringLiteral("STRATA_EXPECTED_KEYCHAIN_REASON"),
        QStringLiteral("no Secret Service on the session bus"));
    runChild("DISABLED_FailsAsUnavailable", env, bus);
}

// A desktop session whose keyring daemon registers a moment after Strata asks.
TEST(KeychainSecretStoreWithoutKeychain, FindsAKeychainThatComesUpLate)
{
    if (QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty())
        GTEST_SKIP() << "gnome-keyring-daemon is not installed (apt-get install gnome-keyring)";
    QTemporaryDir scratch;
    ASSERT_TRUE(scratch.isValid());
    const QStringList bus = privateBusWithoutServices(scratch);
    if (bus.isEmpty())
        GTEST_SKIP() << "dbus-run-session is not installed (apt-get install dbus)";
    runChild("DISABLED_RetriesUntilTheKeychainIsUp", environmentWithoutDesktop(scratch), bus);
}

// The child's side of the first two: every request is tried twice,
// retryDelay() apart, then fails as Unavailable with the expected reason.
TEST(KeychainSecretStoreChild, DISABLED_FailsAsUnavailable)
{
    const QString expectedReason = qEnvironmentVariable("STRATA_EXPECTED_KEYCHAIN_REASON");
    ASSERT_FALSE(expectedReason.isEmpty()) << "run by KeychainSecretStoreWithoutKeychain only";
    KeychainSecretStore store;
    AnswerLog log(store);
    const QString key = uniqueKey();
    for (const Operation op : { Operation::Read, Operation::Write, Operation::Delete }) {
        QElapsedTimer timer;
        timer.start();
        switch (op) {
        case Operation::Read:
            store.readPassword(key);
            break;
        case Operation::Write:
            store.writePassword(key, QStringLiteral("nowhere to go"));
            break;
        case Operation::Delete:
            store.deletePassword(key);
            break;
        }
        const Answer answer = log.next();
        ASSERT_EQ(answer.kind, Answer::Failed) << int(op);
        EXPECT_EQ(answer.op, op);
        EXPECT_EQ(answer.failure, Failure::Unavailable) << str(answer.message);
        EXPECT_GE(timer.elapsed(), store.retryDelay().count() - 50) << "no retry";
        EXPECT_TRUE(answer.message.startsWith(QLatin1String("The system keychain is not available (")))
            << str(answer.message);
        EXPECT_TRUE(answer.message.contains(expectedReason)) << str(answer.message);
        EXPECT_TRUE(answer.message.contains(QLatin1String("gnome-keyring or KWallet")))
            << str(answer.message);
        if (op != Operation::Delete) {
            EXPECT_TRUE(answer.message.contains(QLatin1String("for this session only")))
                << str(answer.message);
        }
        std::printf("%s: %s\n", qPrintable(SecretStore::operationName(op)), qPrintable(answer.message));
    }
}

// The child's side of FindsAKeychainThatComesUpLate, on a bus where nothing
// provides the Secret Service until this test starts gnome-keyring itself,
// after the first attempt has failed and before the retry.
TEST(KeychainSecretStoreChild, DISABLED_RetriesUntilTheKeychainIsUp)
{
    using namespace std::chrono_literals;
    KeychainSecretStore store;
    store.setRetryDelay(3s); // ample time for the daemon to register
    AnswerLog log(store);
    const QString key = uniqueKey();
    QElapsedTimer timer;
    timer.start();
    store.writePassword(key, QStringLiteral("worth the wait"));

    QProcess keyring;
    QTimer::singleShot(300ms, [&keyring] {
        keyring.start(QStringLiteral("gnome-keyring-daemon"),
            { QStringLiteral("--daemonize"), QStringLiteral("--unlock"),
                QStringLiteral("--components=secrets") });
        keyring.write(randomHex().toLatin1()); // the new login keyring's password, on stdin
        keyring.closeWriteChannel();
    });
    const Answer written = log.next();
    ASSERT_EQ(written.kind, Answer::Written) << str(written.message);
    // A first attempt that worked would answer in milliseconds; the retry comes
    // about 3 s later (a coarse QTimer may fire up to 5 % early, so not >= 3000).
    EXPECT_GE(timer.elapsed(), 2000) << "it worked the first time: the test proves nothing";

    store.readPassword(key);
    const Answer read = log.next();
    ASSERT_EQ(read.kind, Answer::Read) << str(read.message);
    EXPECT_EQ(str(read.password), "worth the wait");
    // The daemon goes when dbus-run-session takes the bus down.
    keyring.waitForFinished(10000);
}

} // namespace
