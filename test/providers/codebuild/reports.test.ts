import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCucumber } from '../../../src/providers/codebuild/reports/cucumber.js';
import { collectReports } from '../../../src/providers/codebuild/reports/collect-reports.js';
import { parseJUnit } from '../../../src/providers/codebuild/reports/junit.js';
import { parseNUnit2, parseNUnit3 } from '../../../src/providers/codebuild/reports/nunit.js';
import { parseTestNg } from '../../../src/providers/codebuild/reports/testng.js';
import { parseTrx } from '../../../src/providers/codebuild/reports/trx.js';
import { BuildKit } from './build-kit.js';

describe('test report formats', () => {
  it('JUnit XML: test suites at any depth, failure, error and skipped, times in seconds', () => {
    const cases = parseJUnit(`<?xml version="1.0"?>
<testsuites><testsuite name="outer"><testsuite name="inner">
  <testcase name="ok" classname="pkg.A" time="1.5"/>
  <testcase name="bad" classname="pkg.A" time="0.25"><failure message="expected 1 but was 2" type="AssertionError">at pkg.A.bad(A.java:10)</failure></testcase>
  <testcase name="broken" classname="pkg.B"><error message="NullPointerException"/></testcase>
  <testcase name="later" classname="pkg.B"><skipped message="not today"/></testcase>
  <testcase name="escaped &amp; named" classname="pkg.C" time="1,234.5"/>
</testsuite></testsuite></testsuites>`);
    expect(cases).toEqual([
      { name: 'ok', prefix: 'pkg.A', status: 'SUCCEEDED', durationMs: 1500 },
      { name: 'bad', prefix: 'pkg.A', status: 'FAILED', durationMs: 250, message: 'expected 1 but was 2\nat pkg.A.bad(A.java:10)' },
      { name: 'broken', prefix: 'pkg.B', status: 'ERROR', message: 'NullPointerException' },
      { name: 'later', prefix: 'pkg.B', status: 'SKIPPED', message: 'not today' },
      { name: 'escaped & named', prefix: 'pkg.C', status: 'SUCCEEDED', durationMs: 1_234_500 },
    ]);
    expect(parseJUnit('<testsuite name="s"><testcase name="only"/></testsuite>')).toEqual([{ name: 'only', status: 'SUCCEEDED' }]);
    expect(() => parseJUnit('<html/>')).toThrow('not JUnit XML');
  });

  it('NUnit 2: results, executed="False" and the messages of failures and reasons', () => {
    const cases = parseNUnit2(`<test-results name="t.dll" total="4">
  <test-suite name="t"><results>
    <test-case name="App.Tests.Adds" executed="True" result="Success" time="0.010"/>
    <test-case name="App.Tests.Fails" executed="True" result="Failure" time="0.200"><failure><message><![CDATA[Expected: 3]]></message><stack-trace>at Fails()</stack-trace></failure></test-case>
    <test-case name="App.Tests.Ignored" executed="False" result="Ignored"><reason><message>later</message></reason></test-case>
    <test-case name="App.Tests.Errs" executed="True" result="Error" time="0.001"/>
  </results></test-suite>
</test-results>`);
    expect(cases).toEqual([
      { name: 'Adds', prefix: 'App.Tests', status: 'SUCCEEDED', durationMs: 10 },
      { name: 'Fails', prefix: 'App.Tests', status: 'FAILED', durationMs: 200, message: 'Expected: 3\nat Fails()' },
      { name: 'Ignored', prefix: 'App.Tests', status: 'SKIPPED', message: 'later' },
      { name: 'Errs', prefix: 'App.Tests', status: 'ERROR', durationMs: 1 },
    ]);
  });

  it('NUnit 3: result with label, duration, class name', () => {
    const cases = parseNUnit3(`<test-run id="2" testcasecount="3" result="Failed">
  <test-suite type="TestFixture" name="Tests" fullname="App.Tests">
    <test-case id="1" name="Adds" fullname="App.Tests.Adds" classname="App.Tests" result="Passed" duration="0.0125"/>
    <test-case id="2" name="Throws" fullname="App.Tests.Throws" classname="App.Tests" result="Failed" label="Error" duration="0.5"><failure><message>boom</message></failure></test-case>
    <test-case id="3" name="Fails" fullname="App.Tests.Fails" classname="App.Tests" result="Failed" duration="0.1"/>
    <test-case id="4" name="Skips" fullname="App.Tests.Skips" classname="App.Tests" result="Skipped" label="Ignored"><reason><message>nope</message></reason></test-case>
  </test-suite>
</test-run>`);
    expect(cases.map((c) => [c.prefix, c.name, c.status, c.durationMs, c.message])).toEqual([
      ['App.Tests', 'Adds', 'SUCCEEDED', 13, undefined],
      ['App.Tests', 'Throws', 'ERROR', 500, 'boom'],
      ['App.Tests', 'Fails', 'FAILED', 100, undefined],
      ['App.Tests', 'Skips', 'SKIPPED', undefined, 'nope'],
    ]);
  });

  it('TestNG: methods of each class, configuration methods left out', () => {
    const cases = parseTestNg(`<testng-results skipped="1" failed="1" total="3" passed="1">
  <suite name="S"><test name="T"><class name="app.CalcTest">
    <test-method status="PASS" signature="setUp()" name="setUp" is-config="true" duration-ms="3"/>
    <test-method status="PASS" name="adds" duration-ms="12"/>
    <test-method status="FAIL" name="divides" duration-ms="7"><exception class="java.lang.AssertionError"><message><![CDATA[expected [2] but found [3]]]></message></exception></test-method>
    <test-method status="SKIP" name="later" duration-ms="0"/>
  </class></test></suite>
</testng-results>`);
    expect(cases).toEqual([
      { name: 'adds', prefix: 'app.CalcTest', status: 'SUCCEEDED', durationMs: 12 },
      { name: 'divides', prefix: 'app.CalcTest', status: 'FAILED', durationMs: 7, message: 'expected [2] but found [3]' },
      { name: 'later', prefix: 'app.CalcTest', status: 'SKIPPED', durationMs: 0 },
    ]);
  });

  it('Visual Studio TRX: outcomes, hh:mm:ss durations, classes from the definitions', () => {
    const cases = parseTrx(`<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult testId="a" testName="Adds" outcome="Passed" duration="00:00:00.0123000"/>
    <UnitTestResult testId="b" testName="Fails" outcome="Failed" duration="00:00:01.5000000"><Output><ErrorInfo><Message>Assert.AreEqual failed</Message></ErrorInfo></Output></UnitTestResult>
    <UnitTestResult testId="c" testName="Skipped" outcome="NotExecuted"/>
  </Results>
  <TestDefinitions>
    <UnitTest id="a" name="Adds"><TestMethod className="App.CalcTests" name="Adds"/></UnitTest>
    <UnitTest id="b" name="Fails"><TestMethod className="App.CalcTests" name="Fails"/></UnitTest>
  </TestDefinitions>
</TestRun>`);
    expect(cases).toEqual([
      { name: 'Adds', prefix: 'App.CalcTests', status: 'SUCCEEDED', durationMs: 12 },
      { name: 'Fails', prefix: 'App.CalcTests', status: 'FAILED', durationMs: 1500, message: 'Assert.AreEqual failed' },
      { name: 'Skipped', status: 'SKIPPED' },
    ]);
  });

  it('Cucumber JSON: scenarios from their steps, backgrounds left out, nanoseconds', () => {
    const cases = parseCucumber(
      JSON.stringify([
        {
          name: 'Checkout',
          elements: [
            { type: 'background', name: 'logged in', steps: [{ result: { status: 'passed', duration: 1 } }] },
            { type: 'scenario', name: 'pays', steps: [{ result: { status: 'passed', duration: 2_000_000 } }, { result: { status: 'passed', duration: 3_000_000 } }] },
            { type: 'scenario', name: 'declined', steps: [{ result: { status: 'failed', duration: 1_000_000, error_message: 'card declined' } }, { result: { status: 'skipped' } }] },
            { type: 'scenario', name: 'todo', steps: [{ result: { status: 'undefined' } }] },
          ],
        },
      ]),
    );
    expect(cases).toEqual([
      { name: 'pays', prefix: 'Checkout', status: 'SUCCEEDED', durationMs: 5 },
      { name: 'declined', prefix: 'Checkout', status: 'FAILED', durationMs: 1, message: 'card declined' },
      { name: 'todo', prefix: 'Checkout', status: 'SKIPPED', durationMs: 0 },
    ]);
    expect(() => parseCucumber('{}')).toThrow('not Cucumber JSON');
  });
});

describe('collectReports', () => {
  let kit: BuildKit;
  beforeEach(async () => {
    kit = await BuildKit.open();
  });
  afterEach(async () => {
    await kit.dispose();
  });

  it('makes one report per group from all its files, skipping what cannot be read, and says so', async () => {
    const job = kit.job();
    const dir = join(job.srcDir, 'build', 'reports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.xml'), '<testsuite><testcase name="one" time="1"/><testcase name="two" time="2"><failure/></testcase></testsuite>');
    writeFileSync(join(dir, 'b.xml'), '<testsuite><testcase name="three" time="0.5"><error/></testcase></testsuite>');
    writeFileSync(join(dir, 'broken.xml'), 'this is not xml at all');
    const reports = await collectReports(
      [
        { group: 'arn:aws:codebuild:eu-west-1:123456789012:report-group/unit', files: ['*.xml'], baseDirectory: 'build/reports', discardPaths: false, format: 'JUNITXML' },
        { group: 'empty', files: ['nothing/*.xml'], discardPaths: false, format: 'JUNITXML' },
      ],
      job.srcDir,
      job.log,
    );
    expect(reports).toEqual([
      {
        reportGroup: 'unit',
        format: 'JUNITXML',
        totals: { total: 3, passed: 1, failed: 1, skipped: 0, errored: 1, unknown: 0 },
        durationMs: 3500,
        testCases: [
          { name: 'one', status: 'SUCCEEDED', durationMs: 1000, file: 'a.xml' },
          { name: 'two', status: 'FAILED', durationMs: 2000, file: 'a.xml' },
          { name: 'three', status: 'ERROR', durationMs: 500, file: 'b.xml' },
        ],
      },
    ]);
    const system = await job.system();
    expect(system).toContain("Report group unit: skipping broken.xml: not valid XML: char 't' is not expected.:1:1");
    expect(system).toContain('Report group empty: no report files found');
    expect(system).toContain('Report group unit: 3 tests, 1 passed, 1 failed, 1 errors, 0 skipped');
  });
});
