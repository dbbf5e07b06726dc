package io.agentruntime.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import io.agentruntime.support.IntegrationTest;
import io.agentruntime.support.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo chat page (issue 10) in Debian's headless Chromium against the running
 * application: what a person sees and does, not how the page is built. One browser serves
 * the whole class; each test loads the page afresh, so each has its own conversation.
 */
class DemoPageIntegrationTests extends IntegrationTest {

	/** Written on every run; docs/demo-screenshot.png is a reviewed copy of it. */
	static final Path SCREENSHOT = Paths.get("target", "demo-screenshot.png");

	private static final By AGENT_REPLIES = By.cssSelector(".message.agent:not(.typing):not(.welcome) .bubble");

	private static final By QUICK_REPLIES = By.cssSelector("#quick-replies button");

	@TempDir
	static Path profile;

	static ChromeDriver browser;

	/**
	 * Debian's Chromium and chromedriver by default (.ci/run installs them); elsewhere
	 * pass both paths.
	 */
	@BeforeAll
	static void startBrowser() {
		// The explicit service keeps Selenium Manager (network look-ups, downloads) out
		// entirely (toolchain.md).
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(System.getProperty("demo.chromedriver", "/usr/bin/chromedriver")))
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(System.getProperty("demo.chromium", "/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-quic", "--window-size=1100,900", "--user-data-dir=" + profile.toAbsolutePath(),
				// No DNS traffic from the browser except to the application under test.
				"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void chatsWithTheAgentAndFollowsAQuickReply() throws IOException {
		Tenant tenant = newTenant("Riverside Motors");
		Ledger.offLedger(tenant.clientId(), "replies are made in the browser, not through Api");
		LLM.enqueue(
				FakeLlm.reply("Yes, the blue 2024 RAV4 Hybrid XLE is on our lot. Would you like to see it in person?",
						"Book a test drive", "See financing options", "Talk to sales"),
				FakeLlm.reply("Great choice! Which day suits you best? A member of our team will confirm the time.",
						"Saturday morning", "A weekday evening"));
		openPage();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(DEMO_DEALERSHIP);
		useKey(tenant.replyKey());

		WebElement message = browser.findElement(By.id("message"));
		message.sendKeys("Is the blue RAV4 Hybrid still available?", Keys.ENTER);

		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 1));
		assertThat(lastReply()).contains("the blue 2024 RAV4 Hybrid XLE is on our lot");
		assertThat(texts(QUICK_REPLIES)).containsExactly("Book a test drive", "See financing options", "Talk to sales");
		assertThat(browser.findElement(By.cssSelector(".message.lead .bubble")).getText())
			.contains("Is the blue RAV4 Hybrid still available?");

		browser.findElement(By.xpath("//div[@id='quick-replies']/button[.='Book a test drive']")).click();

		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 2));
		assertThat(lastReply()).contains("Which day suits you best?");
		assertThat(texts(QUICK_REPLIES)).containsExactly("Saturday morning", "A weekday evening");
		assertThat(texts(By.cssSelector(".message.lead .bubble"))).hasSize(2)
			.last()
			.asString()
			.contains("Book a test drive");
		assertThat(LLM.calls().get(1).user()).contains("Book a test drive");
		// Keyboard users land back in the message field, not on a removed button.
		assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("message");
		assertThat(browser.findElements(By.cssSelector("[data-degraded]"))).isEmpty();
		// One conversation per page load: the second exchange is stored with the first
		// one's history id.
		List<String> conversations = this.jdbc
			.sql("select conversation_id from agent_exchange where client_id = ? order by created_at")
			.param(tenant.clientId())
			.query(String.class)
			.list();
		assertThat(conversations).hasSize(2).allMatch(id -> id.startsWith("demo-"));
		assertThat(conversations.get(1)).isEqualTo(conversations.get(0));

		// Off the buttons, so the screenshot shows no hover state.
		new Actions(browser).moveToElement(browser.findElement(By.tagName("h1"))).perform();
		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
	}

	@Test
	void marksADegradedReplyCalmly() throws IOException {
		Tenant tenant = newTenant("Fallback Motors");
		Ledger.offLedger(tenant.clientId(), "replies are made in the browser, not through Api");
		LLM.enqueue(FakeLlm.json(401, "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}"));
		openPage();
		useKey(tenant.replyKey());

		browser.findElement(By.id("message")).sendKeys("Do you have any pickups?", Keys.ENTER);

		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 1));
		assertThat(lastReply()).contains("A member of our team will follow up with you shortly.");
		WebElement note = browser.findElement(By.cssSelector("[data-degraded] .degraded-note"));
		assertThat(note.isDisplayed()).isTrue();
		assertThat(note.getText()).startsWith("Limited reply").contains("a standard reply was sent");
		assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
		Files.createDirectories(Paths.get("target"));
		Files.write(Paths.get("target", "demo-degraded.png"), browser.getScreenshotAs(OutputType.BYTES));
	}

	/**
	 * The page with a publishable widget key (issue 14), as try-it serves it: the service
	 * starts the conversation, and the page continues it with the returned token.
	 */
	@Test
	void chatsThroughAWidgetKeyInOneConversation() {
		Tenant tenant = newTenant("Widget Page Motors");
		Ledger.offLedger(tenant.clientId(), "replies are made in the browser, not through Api");
		Api.Response created = this.api.post("/api/agent/api-keys", tenant.adminKey(), Map.of("name", "Demo page",
				"scopes", List.of("agent:widget"), "allowedOrigins", List.of("http://127.0.0.1:" + this.port)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		LLM.enqueue(FakeLlm.reply("Yes, the RAV4 is in stock.", "Book a test drive"),
				FakeLlm.reply("Saturday morning works for us.", "Confirm"));
		openPage();
		useKey(created.json().get("key").asText());

		browser.findElement(By.id("message")).sendKeys("Is the RAV4 in stock?", Keys.ENTER);
		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 1));
		browser.findElement(By.xpath("//div[@id='quick-replies']/button[.='Book a test drive']")).click();
		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 2));

		assertThat(lastReply()).contains("Saturday morning works for us.");
		assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
		List<String> conversations = this.jdbc
			.sql("select conversation_id from agent_exchange where client_id = ? order by created_at")
			.param(tenant.clientId())
			.query(String.class)
			.list();
		assertThat(conversations).hasSize(2).allMatch(id -> id.startsWith("w-"));
		assertThat(conversations.get(1)).isEqualTo(conversations.get(0));
		assertThat(LLM.calls().get(1).contents("user")).anyMatch(turn -> turn.contains("Is the RAV4 in stock?"));
	}

	@Test
	void showsTheProblemDetailWhenTheApiKeyIsWrong() {
		openPage();
		useKey("ark_this_key_does_not_exist");

		browser.findElement(By.id("message")).sendKeys("Hello?", Keys.ENTER);

		WebElement error = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
		assertThat(error.getText()).contains("Unauthorized", "A valid bearer credential (JWT or API key) is required.");
		assertThat(error.getAttribute("role")).isEqualTo("alert");
		WebElement key = browser.findElement(By.id("api-key"));
		assertThat(key.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("api-key");
		assertThat(browser.findElements(AGENT_REPLIES)).isEmpty();
	}

	@Test
	void prefillsTheTryItKeyAndLabelsEveryField() {
		openPage();

		assertThat(browser.findElement(By.id("api-key")).getAttribute("value")).isEqualTo(DEMO_PREFILL_KEY);
		for (String id : List.of("api-key", "lead-id", "message")) {
			assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as(id).hasSize(1);
		}
		assertThat(browser.findElement(By.id("messages")).getAttribute("aria-live")).isEqualTo("polite");
	}

	@Test
	void fitsAPhoneScreen() throws IOException {
		Dimension desktop = browser.manage().window().getSize();
		try {
			browser.manage().window().setSize(new Dimension(390, 844));
			openPage();

			Object overflow = browser
				.executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth");
			assertThat(overflow).isEqualTo(false);
			assertThat(browser.findElement(By.id("send")).isDisplayed()).isTrue();
			assertThat(browser.findElement(By.id("message")).isDisplayed()).isTrue();
			Files.createDirectories(Paths.get("target"));
			Files.write(Paths.get("target", "demo-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		finally {
			browser.manage().window().setSize(desktop);
		}
	}

	@Test
	void answersEveryMessageTypedWhileAReplyIsPending() throws InterruptedException {
		Tenant tenant = newTenant("Queue Motors");
		Ledger.offLedger(tenant.clientId(), "replies are made in the browser, not through Api");
		FakeLlm.Gate gate = LLM.hold();
		openPage();
		useKey(tenant.replyKey());
		WebElement message = browser.findElement(By.id("message"));

		message.sendKeys("Do you have the blue RAV4 in stock?", Keys.ENTER);
		assertThat(gate.awaitHeld(1, Duration.ofSeconds(10))).as("first reply in flight").isTrue();
		message.sendKeys("Could I see it on Saturday morning?", Keys.ENTER);
		message.sendKeys("And what colours does it come in?", Keys.ENTER);

		assertThat(browser.findElements(By.cssSelector(".message.lead[data-state='queued'] .send-state"))).hasSize(2)
			.allSatisfy(note -> assertThat(note.getText()).isEqualTo("Waiting to send…"));
		assertThat(message.getAttribute("value")).as("the box is free for the next message").isEmpty();
		gate.open();

		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 3));
		assertThat(LLM.calls()).extracting(FakeLlm.Call::user)
			.satisfiesExactly(first -> assertThat(first).contains("Do you have the blue RAV4 in stock?"),
					second -> assertThat(second).contains("Could I see it on Saturday morning?"),
					third -> assertThat(third).contains("And what colours does it come in?"));
		assertThat(browser.findElements(By.cssSelector(".send-state"))).isEmpty();
	}

	@Test
	void keepsTheNewestReplyFullyInView() {
		Tenant tenant = newTenant("Scroll Motors");
		Ledger.offLedger(tenant.clientId(), "replies are made in the browser, not through Api");
		String longReply = "We have several trucks that match what you describe, and our team can walk you through "
				+ "each of them in person. ";
		for (int i = 0; i < 5; i++) {
			LLM.enqueue(FakeLlm.reply(longReply.repeat(3) + "Reply number " + (i + 1) + ".", "Book a test drive",
					"See financing options", "Talk to sales", "Check inventory"));
		}
		openPage();
		useKey(tenant.replyKey());

		for (int i = 1; i <= 5; i++) {
			browser.findElement(By.id("message")).sendKeys("Question number " + i, Keys.ENTER);
			waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, i));
			waitFor().until(ExpectedConditions.numberOfElementsToBe(QUICK_REPLIES, 4));
		}

		assertThat(lastReply()).endsWith("Reply number 5.");
		Object hidden = browser.executeScript("""
				const list = document.getElementById('messages').getBoundingClientRect();
				const replies = document.querySelectorAll('.message.agent .bubble');
				const last = replies[replies.length - 1].getBoundingClientRect();
				return list.height < 300 || last.top < list.top - 1 || last.bottom > list.bottom + 1;
				""");
		assertThat(browser.executeScript(
				"const m = document.getElementById('messages');" + " return m.scrollHeight > m.clientHeight;"))
			.as("the conversation overflows")
			.isEqualTo(true);
		assertThat(hidden).as("newest reply cut off").isEqualTo(false);
	}

	@Test
	void keepsAFailedMessageWithARetry() {
		Tenant tenant = newTenant("Retry Motors");
		Ledger.offLedger(tenant.clientId(), "replies are made in the browser, not through Api");
		openPage();
		useKey("ark_this_key_does_not_exist");

		browser.findElement(By.id("message")).sendKeys("Please keep this question about the F-150", Keys.ENTER);

		WebElement failed = waitFor()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".message.lead[data-state='failed']")));
		assertThat(failed.findElement(By.className("bubble")).getText())
			.contains("Please keep this question about the F-150");
		assertThat(failed.findElement(By.className("send-state")).getText()).startsWith("Not sent");
		useKey(tenant.replyKey());
		failed.findElement(By.cssSelector("button.retry")).click();

		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 1));
		assertThat(browser.findElements(By.cssSelector(".message.lead"))).hasSize(1);
		assertThat(browser.findElements(By.cssSelector(".send-state"))).isEmpty();
		assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
		assertThat(LLM.calls()).singleElement()
			.satisfies(call -> assertThat(call.user()).contains("Please keep this question about the F-150"));
	}

	@Test
	void saysWhenAMessageIsTooLongInsteadOfCuttingIt() {
		openPage();
		WebElement message = browser.findElement(By.id("message"));
		browser.executeScript("arguments[0].value = 'x'.repeat(6420); arguments[0].dispatchEvent(new Event('input'));",
				message);

		assertThat(browser.findElement(By.id("length-note")).getText()).contains("6,420 of 4,000 characters");
		message.sendKeys(Keys.ENTER);

		assertThat(browser.findElement(By.id("error")).getText()).contains("Message too long", "6,420");
		assertThat(message.getAttribute("value")).hasSize(6420);
		assertThat(browser.findElements(By.cssSelector(".message.lead"))).isEmpty();
	}

	@Test
	void keepsTheConversationAcrossAReloadUntilANewChat() {
		Tenant tenant = newTenant("Reload Motors");
		Ledger.offLedger(tenant.clientId(), "replies are made in the browser, not through Api");
		LLM.enqueue(FakeLlm.reply("Yes, the blue RAV4 is on our lot.", "Book a test drive"),
				FakeLlm.reply("Saturday at 10 works.", "Confirm"));
		openPage();
		useKey(tenant.replyKey());
		browser.findElement(By.id("message")).sendKeys("Is the blue RAV4 still there?", Keys.ENTER);
		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 1));

		browser.navigate().refresh();
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".message.welcome")));

		assertThat(texts(By.cssSelector(".message.lead .bubble"))).singleElement()
			.asString()
			.contains("Is the blue RAV4 still there?");
		assertThat(lastReply()).contains("Yes, the blue RAV4 is on our lot.");
		assertThat(texts(QUICK_REPLIES)).containsExactly("Book a test drive");
		useKey(tenant.replyKey());
		browser.findElement(By.id("message")).sendKeys("Can I come on Saturday?", Keys.ENTER);
		waitFor().until(ExpectedConditions.numberOfElementsToBe(AGENT_REPLIES, 2));
		assertThat(LLM.calls().get(1).contents("user").get(0)).as("history of the same conversation")
			.contains("Is the blue RAV4 still there?");

		browser.findElement(By.id("new-chat")).click();

		assertThat(browser.findElements(AGENT_REPLIES)).isEmpty();
		assertThat(browser.findElements(By.cssSelector(".message.lead"))).isEmpty();
		assertThat(browser.findElement(By.cssSelector(".message.welcome")).isDisplayed()).isTrue();
	}

	@Nested
	class OverHttp {

		@Test
		void tellsThePageOnlyTheDealershipNameAndTheTryItKey() {
			Api.Response response = api.get("/demo/config.json", null);

			assertThat(response.status()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(JSON.convertValue(body, Map.class)).containsOnlyKeys("dealershipName", "apiKey");
			assertThat(body.get("dealershipName").asText()).isEqualTo(DEMO_DEALERSHIP);
			assertThat(body.get("apiKey").asText()).isEqualTo(DEMO_PREFILL_KEY);
			assertThat(response.header("Cache-Control")).contains("no-store");
		}

		@Test
		void redirectsTheBarePathToThePage() {
			Api.Response response = api.get("/demo", null);

			assertThat(response.status()).isEqualTo(302);
			assertThat(response.header("Location")).endsWith("/demo/");
		}

	}

	private void openPage() {
		// Each test starts a conversation of its own: the page keeps one per tab.
		browser.get("http://127.0.0.1:" + this.port + "/demo/");
		browser.executeScript("window.sessionStorage.clear()");
		browser.get("http://127.0.0.1:" + this.port + "/demo/");
		// The welcome line appears once the page has read its settings.
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".message.welcome")));
	}

	private static void useKey(String key) {
		WebElement field = browser.findElement(By.id("api-key"));
		field.clear();
		field.sendKeys(key);
	}

	private static String lastReply() {
		List<String> replies = texts(AGENT_REPLIES);
		return replies.get(replies.size() - 1);
	}

	private static List<String> texts(By by) {
		return browser.findElements(by).stream().map(WebElement::getText).toList();
	}

	private static WebDriverWait waitFor() {
		return new WebDriverWait(browser, Duration.ofSeconds(10));
	}

}
