package fr.sesame.gateway.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts auth-server as soon as the test run begins, so that its start-up overlaps the tests that do not need it.
 */
public final class StartAuthServerEarly implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		AuthServerProcess.startInBackground();
	}

}
