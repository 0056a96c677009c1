<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AuditTableModel</name>
    <message>
        <location filename="../../app/ui/audit_view.py" line="68"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="69"/>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="70"/>
        <source>项目</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="71"/>
        <source>县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="72"/>
        <source>内容</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="73"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="74"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="75"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../app/ui/audit_view.py" line="133"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="139"/>
        <source>姓名，可只输入一部分</source>
        <translation>Name, or part of it</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="144"/>
        <source>项目编号或名称</source>
        <translation>Project code or name</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="150"/>
        <source>起始日期</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="151"/>
        <source>截止日期（含）</source>
        <translation>To (inclusive)</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="152"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="153"/>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="155"/>
        <source>项目</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="157"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="159"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="161"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="179"/>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="180"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="181"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="239"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="306"/>
        <source>没有符合条件的修改记录</source>
        <translation>No changes match the filters</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="308"/>
        <source>共 %1 条（新的在前）</source>
        <translation>%1 entries (newest first)</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="338"/>
        <source>导出修改记录</source>
        <translation>Export the change log</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="338"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="348"/>
        <source>文件已存在</source>
        <translation>File exists</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="349"/>
        <source>“%1”已存在，是否覆盖？</source>
        <translation>“%1” already exists. Replace it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="369"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="371"/>
        <source>正在导出修改记录…</source>
        <translation>Exporting the change log…</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="377"/>
        <source>已导出 %1 条修改记录：%2</source>
        <translation>Exported %1 change-log entries: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="380"/>
        <source>%1 个单元格含 Excel 不能保存的控制字符，文件中已去掉（数据库中不变）。</source>
        <translation>%1 cells contained control characters Excel cannot store; they were removed in the file (the database is unchanged).</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="392"/>
        <source>无法写入文件（可能正在 Excel/WPS 中打开），请关闭后重试：%1</source>
        <translation>Cannot write the file (it may be open in Excel/WPS); close it and try again: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="397"/>
        <source>程序错误（%1），详情见日志</source>
        <translation>Program error (%1); see the log for details</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="398"/>
        <source>导出失败：%1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="352"/>
        <source>覆盖</source>
        <translation>Replace</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_view.py" line="353"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="57"/>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="68"/>
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="69"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="70"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="71"/>
        <source>项目数</source>
        <translation>Number of projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="72"/>
        <source>季度进展条数</source>
        <translation>Quarterly progress records</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="73"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="92"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="94"/>
        <source>恢复所选备份…</source>
        <translation>Restore the selected backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="96"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="125"/>
        <source>当前数据库：%1 个项目，%2 条季度进展</source>
        <translation>Current database: %1 projects, %2 quarterly progress records</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="140"/>
        <source>备份位置：%1（自动保留最近 %2 份，另保留每月最新的一份）</source>
        <translation>Backups are kept in: %1 (the latest %2, plus the newest of each month)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="158"/>
        <source>完好</source>
        <translation>Intact</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="158"/>
        <source>不可恢复：</source>
        <translation>Cannot restore:</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="168"/>
        <source>还没有备份。程序启动时（数据有变化）以及导入、恢复之前会自动备份。</source>
        <translation>No backups yet. The program backs up automatically at start (when the data changed) and before imports and restores.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="192"/>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="193"/>
        <source>备份时间：</source>
        <translation>Backed up at:</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="196"/>
        <source>不能用这份备份恢复：</source>
        <translation>This backup cannot be restored:</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="199"/>
        <source>项目 %1 个，季度进展 %2 条，修改记录 %3 条，结构版本 %4</source>
        <translation>%1 projects, %2 quarterly progress records, %3 change-log entries, schema version %4</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="205"/>
        <source>备份前最后的修改记录：</source>
        <translation>Last change before the backup:</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="223"/>
        <source>备份失败：</source>
        <translation>Backup failed:</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="226"/>
        <source>已备份并通过完整性检查：</source>
        <translation>Backed up and integrity-checked:</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="234"/>
        <source>恢复备份</source>
        <translation>Restore a backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="236"/>
        <source>用 %1 的备份（%2 个项目，%3 条季度进展）替换当前数据库中的全部数据？

恢复前会先备份当前数据，恢复后也可以再恢复回来。</source>
        <translation>Replace all data in the current database with the backup of %1 (%2 projects, %3 quarterly progress records)?

The current data is backed up first, so you can restore it again afterwards.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="245"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="246"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="263"/>
        <source>正在恢复…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="268"/>
        <source>正在恢复备份…</source>
        <translation>Restoring the backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="274"/>
        <source>已从 %1 恢复。</source>
        <translation>Restored from %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="276"/>
        <source>恢复前的数据已备份为 %1。</source>
        <translation>The data before the restore was backed up as %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backups_dialog.py" line="283"/>
        <source>恢复失败，数据库未改动：</source>
        <translation>Restore failed; the database was not changed:</translation>
    </message>
</context>
<context>
    <name>ChaseListDialog</name>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="51"/>
        <source>催报名单 — %1</source>
        <translation>Late-report list — %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="54"/>
        <source>季度：</source>
        <translation>Quarter:</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="58"/>
        <source>截至日期：</source>
        <translation>As of:</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="66"/>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="67"/>
        <source>当前状态</source>
        <translation>Current state</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="68"/>
        <source>最近日期</source>
        <translation>Last date</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="77"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="80"/>
        <source>保存到：</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="90"/>
        <source>导出 PDF 并预览</source>
        <translation>Export PDF and preview</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="92"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="123"/>
        <source>截至%1，以下 %2 个单位尚未报送 %3：</source>
        <translation>As of %1, these %2 offices had not submitted %3:</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="130"/>
        <source>截至%1，所有单位均已报送 %2。</source>
        <translation>As of %1, every office has submitted %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="148"/>
        <source>保存催报名单</source>
        <translation>Save the late-report list</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="148"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="160"/>
        <source>请填写保存 PDF 的位置。</source>
        <translation>Enter where to save the PDF.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="165"/>
        <source>文件已存在</source>
        <translation>File exists</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="165"/>
        <source>“%1”已存在，是否覆盖？</source>
        <translation>“%1” exists. Replace it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="180"/>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="181"/>
        <source>正在生成催报名单…</source>
        <translation>Generating the late-report list…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="187"/>
        <source>已生成：%1</source>
        <translation>Written: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/chase_list_dialog.py" line="205"/>
        <source>生成失败：%1</source>
        <translation>Failed: %1</translation>
    </message>
</context>
<context>
    <name>ConflictPage</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="322"/>
        <source>处理冲突</source>
        <translation>Resolve conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="324"/>
        <source>这些记录在填报表导出后又在市级被修改过。请逐项选择保留数据库中的值，还是采用文件中的值。</source>
        <translation>These records were changed at the city after the entry workbook was exported. For each, choose the database&apos;s value or the file&apos;s.</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="329"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="330"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="331"/>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="332"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="333"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="334"/>
        <source>数据库中（市级修改）</source>
        <translation>In the database (changed at the city)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="335"/>
        <source>文件中（县区填报）</source>
        <translation>In the file (county entry)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="336"/>
        <source>导出时</source>
        <translation>At export</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="337"/>
        <source>市级修改人/时间</source>
        <translation>Changed at the city by / at</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="338"/>
        <source>处理</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="343"/>
        <source>全部保留数据库</source>
        <translation>Keep all database values</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="344"/>
        <source>全部采用文件</source>
        <translation>Take all file values</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="366"/>
        <location filename="../../app/ui/import_wizard.py" line="367"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="368"/>
        <source>（未知）</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="386"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>ConflictTableModel</name>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="77"/>
        <source>项目编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="78"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="79"/>
        <source>修改内容</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="80"/>
        <source>本库的值</source>
        <translation>Value here</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="81"/>
        <source>本库修改人/时间</source>
        <translation>Changed here by / at</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="82"/>
        <source>对方单位</source>
        <translation>Other office</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="83"/>
        <source>对方的值</source>
        <translation>Their value</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="84"/>
        <source>对方修改人/时间</source>
        <translation>Changed there by / at</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="85"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="172"/>
        <source>冲突处理</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="179"/>
        <source>其他单位的修改遇到本库不同的值时，不会自动覆盖，而是列在这里。请逐项决定：采用对方的值，或保留本库的值（下次交换包会把本库的值发给对方）。可以一次选择多行。</source>
        <translation>When another office&apos;s change meets a different value here, nothing is overwritten: it is listed here. Decide each one: take their value, or keep this one (the next package sends it to them). Several rows can be selected at once.</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="188"/>
        <source>搜索项目编号、名称、内容…</source>
        <translation>Search code, project, field…</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="192"/>
        <source>显示已处理的冲突</source>
        <translation>Show decided conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="218"/>
        <location filename="../../app/ui/conflicts_dialog.py" line="326"/>
        <source>采用对方的值</source>
        <translation>Take their value</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="220"/>
        <location filename="../../app/ui/conflicts_dialog.py" line="326"/>
        <source>保留本库的值</source>
        <translation>Keep this value</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="222"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="251"/>
        <source>待处理 %1 个</source>
        <translation>%1 to decide</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="256"/>
        <source>没有符合搜索条件的冲突。</source>
        <translation>No conflict matches the search.</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="258"/>
        <source>没有冲突记录：导入的交换包都与本库的数据一致。</source>
        <translation>No conflicts: every imported package agreed with this database.</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="260"/>
        <source>没有待处理的冲突。</source>
        <translation>No conflicts to decide.</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="303"/>
        <source>正在处理…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="307"/>
        <source>正在处理冲突…</source>
        <translation>Deciding conflicts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="327"/>
        <source>已处理 %1 个冲突：%2。</source>
        <translation>%1 conflict(s) decided: %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_dialog.py" line="336"/>
        <source>处理失败：%1</source>
        <translation>Failed: %1</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../app/ui/dashboard.py" line="102"/>
        <source>项目总数</source>
        <translation>Projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="103"/>
        <location filename="../../app/ui/dashboard.py" line="113"/>
        <source>概算总投资（亿元）</source>
        <translation>Estimated investment (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="104"/>
        <source>累计完成投资（亿元）</source>
        <translation>Cumulative investment (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="105"/>
        <source>需要关注</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="111"/>
        <source>图表显示：</source>
        <translation>Chart shows:</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="112"/>
        <source>项目数</source>
        <translation>Number of projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="122"/>
        <source>点击图中的条形，可在项目总览中查看对应项目</source>
        <translation>Click a bar to list those projects in the portfolio</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="131"/>
        <source>按附表类别</source>
        <translation>By appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="132"/>
        <source>按所属县区</source>
        <translation>By county</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="133"/>
        <source>按状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="134"/>
        <source>按 RAG 评级</source>
        <translation>By RAG rating</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="190"/>
        <source>其中 %n 项投资未知，未计入</source>
        <translation>
            <numerusform>%n project&apos;s investment unknown, not counted</numerusform>
            <numerusform>%n projects&apos; investment unknown, not counted</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="193"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="193"/>
        <source>尚无季度进展数据</source>
        <translation>No quarterly progress yet</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="196"/>
        <source>%n 项无进度数据</source>
        <translation>
            <numerusform>%n without progress data</numerusform>
            <numerusform>%n without progress data</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="204"/>
        <source>红灯 %1 项</source>
        <translation>Red: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="205"/>
        <source>有逾期里程碑的项目 %1 个；有未解决问题的项目 %2 个；待核查数据 %3 条</source>
        <translation>Projects with overdue milestones: %1; projects with open issues: %2; data findings to review: %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="217"/>
        <location filename="../../app/ui/dashboard.py" line="236"/>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="232"/>
        <source>统计失败：%1</source>
        <translation>Counting failed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="262"/>
        <source>%1
项目 %2 个
概算总投资 %3 亿元</source>
        <translation>%1
%2 projects
Estimated investment %3 (100M yuan)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="268"/>
        <source>其中 %n 项投资未知</source>
        <translation>
            <numerusform>%n with unknown investment</numerusform>
            <numerusform>%n with unknown investment</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="269"/>
        <source>点击查看这些项目</source>
        <translation>Click to list these projects</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="274"/>
        <source>（%n 项未知）</source>
        <translation>
            <numerusform> (%n unknown)</numerusform>
            <numerusform> (%n unknown)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="283"/>
        <source>另有 %n 个项目投资未知，未计入条形长度</source>
        <translation>
            <numerusform>%n more project has unknown investment (not in the bars)</numerusform>
            <numerusform>%n more projects have unknown investment (not in the bars)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../app/ui/widgets.py" line="255"/>
        <source>例如 2025-07-10，可留空</source>
        <translation>e.g. 2025-07-10, may be left empty</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="255"/>
        <source>例如 2025-07-10</source>
        <translation>e.g. 2025-07-10</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="257"/>
        <source>可输入 2025-07-10、2025/7/10、2025年7月10日 或 20250710</source>
        <translation>Type 2025-07-10, 2025/7/10, 2025年7月10日 or 20250710</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="261"/>
        <source>从日历中选择</source>
        <translation>Choose from the calendar</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="280"/>
        <source>请填写日期（例如 2025-07-10）</source>
        <translation>Enter a date (e.g. 2025-07-10)</translation>
    </message>
</context>
<context>
    <name>DepartmentListEditor</name>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="44"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="47"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="50"/>
        <source>移除所选部门</source>
        <translation>Remove the selected department</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="62"/>
        <source>输入或选择部门</source>
        <translation>Type or choose a department</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="65"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="66"/>
        <source>新建部门…</source>
        <translation>New department…</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="107"/>
        <source>“%1”不是已知部门：请从列表中选择，或点“新建部门…”添加</source>
        <translation>&quot;%1&quot; is not a known department: choose one from the list or use &quot;New department…&quot;</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="123"/>
        <source>新建部门</source>
        <translation>New department</translation>
    </message>
    <message>
        <location filename="../../app/ui/editor_departments.py" line="124"/>
        <source>新部门的全称（将加入所有项目可选的部门列表）：</source>
        <translation>Full name of the new department (it joins the list every project can choose from):</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="59"/>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="63"/>
        <source>导出内容</source>
        <translation>What to export</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="65"/>
        <source>项目清单（含进度与评价列，可在 Excel 中筛选、打印）</source>
        <translation>Project list (with progress and rating columns, for filtering and printing in Excel)</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="66"/>
        <source>县区/部门季度填报表（发给县区离线填写后导入）</source>
        <translation>County/department quarterly entry workbook (filled in offline, then imported)</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="76"/>
        <source>项目清单选项</source>
        <translation>Project list options</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="79"/>
        <source>仅导出当前列表中的 %1 个项目</source>
        <translation>Export only the %1 projects currently listed</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="84"/>
        <source>每个附表另建一个工作表</source>
        <translation>A separate sheet for each appendix table</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="87"/>
        <source>最新填报</source>
        <translation>Latest report</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="90"/>
        <source>进度数据报告期：</source>
        <translation>Progress data reporting period:</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="94"/>
        <source>填报表选项</source>
        <translation>Entry workbook options</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="97"/>
        <source>县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="98"/>
        <source>牵头部门</source>
        <translation>Lead department</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="99"/>
        <source>填报单位类型：</source>
        <translation>Reporting office type:</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="102"/>
        <source>填报单位：</source>
        <translation>Reporting office:</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="107"/>
        <source>（已锁定）</source>
        <translation> (locked)</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="111"/>
        <source>报告期（如 2025Q3）：</source>
        <translation>Reporting period (e.g. 2025Q3):</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="117"/>
        <source>保存位置（.xlsx）</source>
        <translation>Where to save (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="119"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="123"/>
        <source>保存到：</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="131"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="185"/>
        <source>保存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="185"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="197"/>
        <source>请选择保存位置。</source>
        <translation>Choose where to save.</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="204"/>
        <source>报告期格式应为“2025Q3”。</source>
        <translation>A reporting period looks like “2025Q3”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="224"/>
        <location filename="../../app/ui/export_dialog.py" line="231"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="238"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="241"/>
        <source>%1 %2：%3 个项目，%4 个里程碑节点</source>
        <translation>%1 %2: %3 projects, %4 milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="248"/>
        <source>%1 个项目</source>
        <translation>%1 projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="252"/>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="259"/>
        <source>无法写入文件（可能正在 Excel/WPS 中打开），请关闭后重试：%1</source>
        <translation>Cannot write the file (it may be open in Excel/WPS); close it and try again: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/export_dialog.py" line="266"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="106"/>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="107"/>
        <source>县区报回的季度填报表、修改后的项目清单（.xlsx），或另存的 CSV 文件。</source>
        <translation>A county&apos;s returned quarterly entry workbook, an edited project list (.xlsx), or a saved CSV file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="111"/>
        <source>文件路径</source>
        <translation>File path</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="113"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="120"/>
        <source>&lt;p&gt;导入前会逐格校验：数字、日期、金额单位（如“500万元”自动换算为亿元并提示）、状态、项目ID与版本；公式不会被执行；合并单元格、重复行、未知项目、已锁定季度的数据都会被拒绝。&lt;/p&gt;&lt;p&gt;先预览再导入：任何一处错误都不会导入任何数据；导出后市级又修改过的记录会逐项请您选择保留哪一方。&lt;/p&gt;&lt;p&gt;限制：文件不超过 %1 MB、%2 行；不接受 .xls / .xlsm（含宏）文件。CSV 支持 UTF-8 与 GB18030（GBK）编码。&lt;/p&gt;</source>
        <translation>&lt;p&gt;Before importing, every cell is checked: numbers, dates, amount units (e.g. “500万元” is converted to 亿元 with a note), status, project ID and version; formulas are never evaluated; merged cells, duplicate rows, unknown projects and data for locked quarters are refused.&lt;/p&gt;&lt;p&gt;Preview first, then import: with any error nothing is imported; records changed at the city after the export are shown one by one for you to choose which side to keep.&lt;/p&gt;&lt;p&gt;Limits: files up to %1 MB and %2 rows; .xls / .xlsm (macro) files are not accepted. CSV files may be UTF-8 or GB18030 (GBK).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="143"/>
        <source>选择文件</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="143"/>
        <source>Excel 工作簿或 CSV (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Excel workbook or CSV (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="158"/>
        <source>正在读取并校验…</source>
        <translation>Reading and checking…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="177"/>
        <source>无法读取文件：%1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="180"/>
        <source>正在校验文件…</source>
        <translation>Checking the file…</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="175"/>
        <source>清除全部筛选</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="179"/>
        <source>有未解决问题</source>
        <translation>Has open issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="180"/>
        <source>有尚未关闭的问题协调事项</source>
        <translation>Has coordination issues that are not closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="181"/>
        <source>有逾期里程碑</source>
        <translation>Has overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="191"/>
        <source>查找部门…</source>
        <translation>Find department…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="197"/>
        <source>附表类别</source>
        <translation>Appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="198"/>
        <source>所属县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="199"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="200"/>
        <source>RAG 评级</source>
        <translation>RAG rating</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="201"/>
        <source>牵头部门</source>
        <translation>Lead department</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <location filename="../../app/ui/help_menu.py" line="61"/>
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_menu.py" line="71"/>
        <source>找不到使用说明文件：%1</source>
        <translation>User guide not found: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_menu.py" line="73"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>HelpActions</name>
    <message>
        <location filename="../../app/ui/help_menu.py" line="93"/>
        <source>使用说明(&amp;U)</source>
        <translation>&amp;User guide</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_menu.py" line="97"/>
        <location filename="../../app/ui/help_menu.py" line="121"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_menu.py" line="100"/>
        <source>打开数据文件夹</source>
        <translation>Open the data folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_menu.py" line="103"/>
        <source>打开日志文件夹</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_menu.py" line="106"/>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../app/ui/help_menu.py" line="138"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../app/ui/list_models.py" line="218"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="219"/>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="220"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="221"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="222"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="223"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="203"/>
        <source>核查事项</source>
        <translation>Review finding</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="204"/>
        <source>里程碑</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="205"/>
        <source>季度进展</source>
        <translation>Quarterly progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="206"/>
        <location filename="../../app/ui/list_models.py" line="207"/>
        <source>问题协调</source>
        <translation>Coordination issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="208"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="181"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="53"/>
        <source>错误（共 %1 处，须修改后重新报送；本文件未导入任何数据）：</source>
        <translation>Errors (%1; correct them and resubmit — nothing from this file was imported):</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="54"/>
        <source>【错误】</source>
        <translation>[Error] </translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="60"/>
        <source>提示（共 %1 条，不妨碍导入）：</source>
        <translation>Notes (%1, they do not stop the import):</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="61"/>
        <source>【提示】</source>
        <translation>[Note] </translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="480"/>
        <source>导入 Excel / CSV</source>
        <translation>Import Excel / CSV</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="483"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="484"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="485"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="486"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="553"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="563"/>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
</context>
<context>
    <name>IndicatorValueDialog</name>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="99"/>
        <source>录入指标年度值</source>
        <translation>Enter a yearly indicator value</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="101"/>
        <source>无单位</source>
        <translation>no unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="110"/>
        <source>数值；留空表示未知</source>
        <translation>Value; leave blank for unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="113"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="114"/>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="116"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="119"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="120"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>IndicatorsView</name>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="159"/>
        <source>截至年份</source>
        <translation>Up to year</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="165"/>
        <source>录入年度值…</source>
        <translation>Enter yearly value…</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="182"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="183"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="184"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="185"/>
        <source>属性</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="186"/>
        <source>2020 年基期</source>
        <translation>2020 baseline</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="188"/>
        <source>最新值</source>
        <translation>Latest</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="191"/>
        <source>2025 年目标</source>
        <translation>2025 target</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="192"/>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="193"/>
        <source>评价</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="203"/>
        <source>红色“约束性”为约束性指标。进度按基期到目标的距离计算；目标为文字（如“完成国家、省级下达指标”）时不计算进度。双击一行录入年度值。</source>
        <translation>&quot;约束性&quot; in red marks binding indicators. Progress is measured from the baseline toward the target; no progress is computed when the target is text (such as &quot;完成国家、省级下达指标&quot;). Double-click a row to enter a yearly value.</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="246"/>
        <source>共 %1 项指标，其中约束性 %2 项（已达标 %3 项）</source>
        <translation>%1 indicators, %2 binding (%3 met)</translation>
    </message>
</context>
<context>
    <name>IssuesTab</name>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="47"/>
        <source>新增问题</source>
        <translation>New issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="49"/>
        <source>办结…</source>
        <translation>Close…</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="51"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="53"/>
        <source>只看未办结</source>
        <translation>Open only</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="72"/>
        <location filename="../../app/ui/issues_tab.py" line="100"/>
        <source>问题描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="73"/>
        <location filename="../../app/ui/issues_tab.py" line="101"/>
        <source>责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="74"/>
        <location filename="../../app/ui/issues_tab.py" line="102"/>
        <source>提出日期</source>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="75"/>
        <location filename="../../app/ui/issues_tab.py" line="103"/>
        <source>办结时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="76"/>
        <source>办结日期</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="77"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="78"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="79"/>
        <source>办理结果</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="87"/>
        <source>问题详情</source>
        <translation>Issue details</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="98"/>
        <source>留空表示今天（例如 2025-07-10）</source>
        <translation>Empty means today (e.g. 2025-07-10)</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="106"/>
        <source>保存问题</source>
        <translation>Save issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="126"/>
        <source>共 %1 项，未办结 %2 项，逾期 %3 项</source>
        <translation>%1 issues, %2 open, %3 overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="148"/>
        <source>编辑问题（%1）</source>
        <translation>Edit issue (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="179"/>
        <source>问题协调</source>
        <translation>Coordination issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="142"/>
        <source>新问题（填写后点“保存问题”）</source>
        <translation>New issue (fill in, then &quot;Save issue&quot;)</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="196"/>
        <source>办结问题</source>
        <translation>Close issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="196"/>
        <source>办理结果（必填）：</source>
        <translation>Resolution (required):</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="203"/>
        <source>未办结</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="215"/>
        <source>删除问题</source>
        <translation>Delete issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="215"/>
        <source>删除这条问题协调记录？</source>
        <translation>Delete this coordination issue?</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="222"/>
        <source>未删除</source>
        <translation>Not deleted</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="249"/>
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="262"/>
        <source>新建数据库(&amp;N)…</source>
        <translation>&amp;New database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="418"/>
        <source>已导入规划附表中的 %1 个重点项目和 %2 项规划指标（可在“数据核查”页查看导入时发现的数据问题）。</source>
        <translation>%1 key projects and %2 plan indicators were imported from the plan&apos;s appendix (the data problems found are listed on the Review tab).</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="424"/>
        <source>数据库中还没有项目。</source>
        <translation>The database has no projects yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="425"/>
        <source>已新建数据库：%1。</source>
        <translation>New database created: %1. </translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="46"/>
        <location filename="../../app/ui/main_window.py" line="553"/>
        <location filename="../../app/ui/main_window.py" line="564"/>
        <source>新建数据库</source>
        <translation>New database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="565"/>
        <source>文件已存在：%1

新建数据库不会覆盖已有文件。要打开它，请用“文件 → 打开数据库…”；要新建，请换一个文件名。</source>
        <translation>The file already exists: %1

A new database never replaces an existing file. To open it, use File → Open database…; to create a new one, choose another file name.</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="28"/>
        <source>数据库文件是空的（不是本程序的数据库）：%1</source>
        <translation>The database file is empty (not a database of this program): %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="30"/>
        <source>数据库文件不存在：%1</source>
        <translation>The database file does not exist: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="34"/>
        <source>文件可能已被移动、改名或删除，或者它所在的移动硬盘、网络盘没有连接。程序没有新建任何文件，当前打开的数据库保持不变。要新建数据库，请用“文件 → 新建数据库…”。</source>
        <translation>It may have been moved, renamed or deleted, or the removable or network drive it is on is not connected. No file was created and the open database stays open. To create a new database, use File → New database….</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="47"/>
        <source>数据库文件不存在：%1

要在这里新建一个数据库，并导入规划附表中的重点项目吗？（如果文件只是被移动了，或者移动硬盘、网络盘没有连接，请选“退出”。）</source>
        <translation>The database file does not exist: %1

Create a new database here and import the key projects of the plan&apos;s appendix? (If the file was only moved, or a removable or network drive is not connected, choose Quit.)</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="56"/>
        <source>新建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="57"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="184"/>
        <location filename="../../app/ui/main_window.py" line="304"/>
        <source>项目总览</source>
        <translation>Portfolio</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="185"/>
        <location filename="../../app/ui/main_window.py" line="305"/>
        <source>统计看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="186"/>
        <location filename="../../app/ui/main_window.py" line="306"/>
        <source>数据核查</source>
        <translation>Data review</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="151"/>
        <location filename="../../app/ui/main_window.py" line="607"/>
        <source>数据库提示</source>
        <translation>Database notice</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="187"/>
        <location filename="../../app/ui/main_window.py" line="307"/>
        <source>进度时间轴</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="188"/>
        <location filename="../../app/ui/main_window.py" line="308"/>
        <source>规划指标</source>
        <translation>Plan indicators</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="261"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="263"/>
        <source>打开数据库(&amp;O)…</source>
        <translation>&amp;Open database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="265"/>
        <source>最近打开</source>
        <translation>Recent databases</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="268"/>
        <source>打开默认数据库</source>
        <translation>Open the default database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="270"/>
        <source>备份数据库(&amp;B)…</source>
        <translation>&amp;Back up database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="271"/>
        <source>备份与恢复…</source>
        <translation>Backup and restore…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="273"/>
        <source>设置(&amp;T)…</source>
        <translation>Se&amp;ttings…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="275"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="279"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="280"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="282"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="287"/>
        <source>查找项目(&amp;F)</source>
        <translation>&amp;Find projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="289"/>
        <source>保存当前项目(&amp;S)</source>
        <translation>&amp;Save current project</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="291"/>
        <source>打开所选项目</source>
        <translation>Open selected project</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="294"/>
        <source>新建项目(&amp;N)…</source>
        <translation>&amp;New Project…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="299"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="300"/>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="314"/>
        <source>选择显示的列…</source>
        <translation>Choose columns…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="315"/>
        <source>清除全部筛选</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="316"/>
        <source>恢复默认布局</source>
        <translation>Restore default layout</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="318"/>
        <source>界面语言 / Language</source>
        <translation>界面语言 / Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="327"/>
        <source>季度(&amp;Q)</source>
        <translation>&amp;Quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="328"/>
        <source>季度报送与锁定(&amp;L)…</source>
        <translation>Submit and &amp;lock quarters…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="331"/>
        <source>报表(&amp;R)</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="332"/>
        <source>生成报表(&amp;P)…</source>
        <translation>Generate re&amp;port…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="334"/>
        <source>打印预览(&amp;V)…</source>
        <translation>Print pre&amp;view…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="336"/>
        <source>数据(&amp;D)</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="337"/>
        <source>导出到 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="338"/>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="340"/>
        <source>审计日志（全部修改记录）…</source>
        <translation>Audit log (every change)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="342"/>
        <source>交换(&amp;X)</source>
        <translation>E&amp;xchange</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="343"/>
        <source>报送与审核…</source>
        <translation>Submissions and review…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="345"/>
        <source>导出交换包…</source>
        <translation>Export a package…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="346"/>
        <source>导入交换包…</source>
        <translation>Import a package…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="348"/>
        <source>冲突处理…</source>
        <translation>Conflicts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="351"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="378"/>
        <source>只读打开：%1 可以查看、导出和生成报表，不能修改数据。</source>
        <translation>Opened read-only: %1 You can view, export and print reports, but not change data.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="393"/>
        <source>（未设置本库所属单位）</source>
        <translation>(this database&apos;s office is not set)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="487"/>
        <source>已新建项目 %1</source>
        <translation>Project %1 created</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="666"/>
        <location filename="../../app/ui/main_window.py" line="673"/>
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="666"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="370"/>
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="372"/>
        <source>用户：%1</source>
        <translation>User: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="445"/>
        <source>已加载 %n 个项目</source>
        <translation>
            <numerusform>Loaded %n project</numerusform>
            <numerusform>Loaded %n projects</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="469"/>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="524"/>
        <source>请在项目窗口中保存（Ctrl+S）</source>
        <translation>Save in the project window (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="543"/>
        <source>打开数据库</source>
        <translation>Open database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="543"/>
        <source>SQLite 数据库 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</source>
        <translation>SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="575"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="67"/>
        <location filename="../../app/ui/main_window.py" line="613"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="96"/>
        <location filename="../../app/ui/main_window.py" line="104"/>
        <location filename="../../app/ui/main_window.py" line="617"/>
        <source>正在打开数据库…</source>
        <translation>Opening database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="628"/>
        <source>备份数据库</source>
        <translation>Back up database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="555"/>
        <location filename="../../app/ui/main_window.py" line="628"/>
        <source>SQLite 数据库 (*.sqlite3)</source>
        <translation>SQLite database (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="641"/>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="644"/>
        <source>备份完成</source>
        <translation>Backup complete</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="644"/>
        <source>备份已写入并通过完整性检查：
%1</source>
        <translation>Backup written and verified:
%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="646"/>
        <source>备份失败</source>
        <translation>Backup failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="15"/>
        <source>请检查：文件是否存在、是否有读写权限、是否被其他程序占用；如文件来自更新版本的程序，请升级本程序。</source>
        <translation>Please check that the file exists, that you may read and write it and that no other program holds it; if it comes from a newer version of this program, upgrade this program.</translation>
    </message>
    <message>
        <location filename="../../app/ui/database_messages.py" line="21"/>
        <source>打开数据库时出错：</source>
        <translation>Error opening the database: </translation>
    </message>
</context>
<context>
    <name>MilestonesTab</name>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="48"/>
        <source>套用标准节点模板</source>
        <translation>Apply standard milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="50"/>
        <source>添加项目尚缺的标准节点：立项、可研、环评、用地、初设、施工许可、开工、主体完工、竣工验收</source>
        <translation>Add the standard milestones the project lacks: approval, feasibility study, EIA, land, preliminary design, construction permit, start, main works complete, acceptance</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="53"/>
        <source>新增节点</source>
        <translation>New milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="55"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="57"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="59"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="71"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="72"/>
        <location filename="../../app/ui/milestones_tab.py" line="101"/>
        <source>节点类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="73"/>
        <location filename="../../app/ui/milestones_tab.py" line="102"/>
        <source>节点名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="74"/>
        <location filename="../../app/ui/milestones_tab.py" line="103"/>
        <source>计划日期</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="75"/>
        <location filename="../../app/ui/milestones_tab.py" line="104"/>
        <source>实际日期</source>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="76"/>
        <location filename="../../app/ui/milestones_tab.py" line="105"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="77"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="78"/>
        <location filename="../../app/ui/milestones_tab.py" line="106"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="89"/>
        <source>节点详情</source>
        <translation>Milestone details</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="227"/>
        <source>未删除</source>
        <translation>Not deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="99"/>
        <source>“逾期”由日期自动判断，无需选择</source>
        <translation>&quot;Overdue&quot; follows from the dates; no need to choose it</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="109"/>
        <source>保存节点</source>
        <translation>Save milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="143"/>
        <source>编辑：%1</source>
        <translation>Editing: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="135"/>
        <source>新节点（填写后点“保存节点”）</source>
        <translation>New milestone (fill in, then &quot;Save milestone&quot;)</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="122"/>
        <source>状态和逾期天数按 %1 计算</source>
        <translation>Status and overdue days as of %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="180"/>
        <source>里程碑节点</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="191"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="197"/>
        <source>标准节点</source>
        <translation>Standard milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="197"/>
        <source>项目已有全部标准节点。</source>
        <translation>The project already has every standard milestone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="207"/>
        <source>未移动</source>
        <translation>Not moved</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="219"/>
        <source>删除节点</source>
        <translation>Delete milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="219"/>
        <source>删除节点“%1”？此操作会记入修改记录。</source>
        <translation>Delete milestone &quot;%1&quot;? This is recorded in the history.</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="50"/>
        <source>新建项目</source>
        <translation>New Project</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="58"/>
        <source>新增规划附表以外的项目。保存后打开项目窗口，可继续填写其余信息；市级的数据包会把新项目带到各县区和牵头部门。</source>
        <translation>Add a project the plan&apos;s appendix does not list. After saving, its window opens for the remaining details; the city&apos;s packages bring the new project to the counties and lead departments.</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="78"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="78"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="94"/>
        <source>留空则自动编号（%1）</source>
        <translation>Leave blank for the next code (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="98"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="111"/>
        <source>留空表示未知</source>
        <translation>Blank = unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/new_project_dialog.py" line="118"/>
        <source>每行一个建设主体</source>
        <translation>One implementing entity per line</translation>
    </message>
</context>
<context>
    <name>OutOfScopeMarks</name>
    <message>
        <location filename="../../app/ui/office_marker.py" line="57"/>
        <source>本库属于%1：此项目只能查看、不能修改</source>
        <translation>This database belongs to %1: this project can be viewed, not changed</translation>
    </message>
</context>
<context>
    <name>PackageExportDialog</name>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="193"/>
        <source>导出交换包</source>
        <translation>Export exchange package</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="203"/>
        <source>重发全部修改（对方丢失了以前的交换包时）</source>
        <translation>Resend all changes (when the other office lost an earlier package)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="204"/>
        <source>随包报送：</source>
        <translation>Submission sent with it:</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="205"/>
        <source>发给：</source>
        <translation>For:</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="212"/>
        <source>交换包保存位置（.zip）</source>
        <translation>Where to save the package (.zip)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="214"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="219"/>
        <source>保存到：</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="229"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="232"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="250"/>
        <source>本库尚未设置所属单位，不能导出交换包。请先在“设置”中选择本库属于市级还是哪个县区。</source>
        <translation>This database&apos;s office is not set, so no package can be exported. Choose the office (city or a county) in Settings first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="260"/>
        <source>本库：%1。导出给一个县区或部门的回传数据包：审核结果（审核通过/退回及理由）和对方还没有的修改。</source>
        <translation>This database: %1. Exports the return package for a county or department: review decisions (accepted / returned with reasons) and the changes that office does not have yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="272"/>
        <source>%1（牵头部门）</source>
        <translation>%1 (lead department)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="275"/>
        <source>本库：%1。导出发给市级的交换包：本单位上次导出以来的修改，可同时附上一个季度的报送。</source>
        <translation>This database: %1. Exports the package for the city: this office&apos;s changes since its last package, optionally with the submission of one quarter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="280"/>
        <source>不附报送（只发送修改）</source>
        <translation>No submission (changes only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="325"/>
        <source>交换包保存为</source>
        <translation>Save package as</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="325"/>
        <source>交换包 (*.zip)</source>
        <translation>Exchange packages (*.zip)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="336"/>
        <source>文件已存在</source>
        <translation>File exists</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="337"/>
        <source>%1 已存在。替换它吗？</source>
        <translation>%1 already exists. Replace it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="341"/>
        <source>替换</source>
        <translation>Replace</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="342"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="353"/>
        <source>请选择交换包的保存位置。</source>
        <translation>Choose where to save the package.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="359"/>
        <source>未导出：文件已存在，未替换。</source>
        <translation>Not exported: the file exists and was not replaced.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="375"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="377"/>
        <source>正在导出交换包…</source>
        <translation>Exporting the package…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="385"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="386"/>
        <source>%1 → %2，修改 %3 条</source>
        <translation>%1 → %2, %3 change(s)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="391"/>
        <source>本单位修改序号：%1</source>
        <translation>This office&apos;s change numbers: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="395"/>
        <source>附报送：%1 第 %2 次报送，%3 个项目填报</source>
        <translation>With submission: %1, round %2, %3 project(s) reported</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="401"/>
        <source>审核结果 %1 项</source>
        <translation>%1 review decision(s)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="403"/>
        <source>没有新的修改：对方导入这个包不会有变化。</source>
        <translation>No new changes: importing this package changes nothing at the other office.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="411"/>
        <source>未导出：%1</source>
        <translation>Not exported: %1</translation>
    </message>
</context>
<context>
    <name>PackageImportDialog</name>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="445"/>
        <source>导入交换包</source>
        <translation>Import exchange package</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="450"/>
        <source>本库：%1。选择对方发来的交换包，先查看包中的内容；点“导入”后才写入数据库。</source>
        <translation>This database: %1. Choose the package you received and check what it holds; nothing is written until you click Import.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="451"/>
        <source>（未设置所属单位）</source>
        <translation>(office not set)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="460"/>
        <source>尚未选择交换包</source>
        <translation>No package chosen yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="461"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="477"/>
        <source>处理冲突…</source>
        <translation>Review conflicts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="483"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="487"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="508"/>
        <source>选择交换包</source>
        <translation>Choose exchange package</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="508"/>
        <source>交换包 (*.zip);;所有文件 (*)</source>
        <translation>Exchange packages (*.zip);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="522"/>
        <location filename="../../app/ui/package_dialogs.py" line="531"/>
        <source>正在检查交换包…</source>
        <translation>Checking the package…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="539"/>
        <source>这个交换包已经导入过，再次导入不会改变任何数据。</source>
        <translation>This package was imported before; importing it again changes nothing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="543"/>
        <source>以上是交换包的内容，尚未写入。确认无误后点“导入”。</source>
        <translation>This is what the package holds; nothing has been written. Click Import to apply it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="549"/>
        <source>发送单位：%1&#x3000;接收单位：%2</source>
        <translation>From: %1   To: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="550"/>
        <source>类型：%1</source>
        <translation>Kind: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="551"/>
        <source>季度：%1</source>
        <translation>Quarter: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="552"/>
        <source>生成时间：%1（%2）</source>
        <translation>Created: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="555"/>
        <source>程序版本：%1；数据结构版本：%2</source>
        <translation>Program version: %1; schema revision: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="558"/>
        <source>修改：共 %1 条%2；发送单位修改序号：%3</source>
        <translation>Changes: %1%2; sender&apos;s change numbers: %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="566"/>
        <source> 等 %1 个</source>
        <translation> (%1 in all)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="567"/>
        <source>涉及项目：%1</source>
        <translation>Projects: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="571"/>
        <source>报送：%1 %2 第 %3 次报送（%4，%5），%6 个项目填报</source>
        <translation>Submission: %1 %2, round %3 (%4, %5), %6 project(s) reported</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="580"/>
        <source>审核结果：</source>
        <translation>Review decisions:</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="585"/>
        <source>这个交换包已经导入过：再次导入不会改变任何数据。</source>
        <translation>This package was imported before: importing it again changes nothing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="588"/>
        <source>导入后：新的修改 %1 条；本库已有 %2 条（跳过）；冲突 %3 条（保留本库的值，待处理）</source>
        <translation>On import: %1 new change(s); %2 already here (skipped); %3 conflict(s) (this value kept, to be decided)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="594"/>
        <source>本库没有的记录 %1 条（跳过）</source>
        <translation>%1 about records not in this database (skipped)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="601"/>
        <source>不能导入：%1</source>
        <translation>Cannot import: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="613"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="620"/>
        <source>正在导入交换包…</source>
        <translation>Importing the package…</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="634"/>
        <source>这个交换包以前已经导入过，没有新的内容，数据库未改动。</source>
        <translation>This package was imported before: nothing new, the database is unchanged.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="636"/>
        <source>导入完成。</source>
        <translation>Import finished.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="647"/>
        <source>这个交换包（%1 %2 生成）以前已经导入过：没有新的内容，数据库未改动。</source>
        <translation>This package (%1, created %2) was imported before: nothing new, the database is unchanged.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="652"/>
        <source>已导入 %1 的交换包（修改 %2 条）：</source>
        <translation>Imported the package from %1 (%2 change(s)):</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="655"/>
        <source>  写入新的修改 %1 条</source>
        <translation>  %1 new change(s) written</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="656"/>
        <source>  本库已有、跳过 %1 条</source>
        <translation>  %1 already here, skipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="657"/>
        <source>  冲突 %1 条（保留本库的值，待处理）</source>
        <translation>  %1 conflict(s) (this value kept, to be decided)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="660"/>
        <source>  本库没有的记录 %1 条（跳过）</source>
        <translation>  %1 about records not in this database (skipped)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="664"/>
        <source>已记录报送：%1 %2 已报送（待审核）</source>
        <translation>Submission recorded: %1 %2 submitted (awaiting review)</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="669"/>
        <source>收到审核结果：</source>
        <translation>Review decisions received:</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="672"/>
        <source>新增部门：%1</source>
        <translation>Departments added: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="674"/>
        <source>导入前的数据已备份：%1</source>
        <translation>Backup of the data before the import: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="676"/>
        <source>有冲突待处理：点“处理冲突…”逐项决定采用对方的值还是保留本库的值。</source>
        <translation>Conflicts to decide: click Review conflicts… and take the other office&apos;s value or keep this one, field by field.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="682"/>
        <source>未导入任何内容。</source>
        <translation>Nothing was imported.</translation>
    </message>
    <message>
        <location filename="../../app/ui/package_dialogs.py" line="683"/>
        <source>导入失败：%1</source>
        <translation>Import failed: %1</translation>
    </message>
</context>
<context>
    <name>PeriodsDialog</name>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="88"/>
        <source>季度报送与锁定</source>
        <translation>Submit and lock quarters</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="92"/>
        <source>填报中 → 已报送 → 已锁定。锁定后该季度的进展数据在程序、命令行和 Excel 导入中都只读；需要修改时选中该季度，点击“重新打开…”并写明原因。里程碑不属于季度数据，锁定后仍可修改。</source>
        <translation>Open → submitted → locked. A locked quarter&apos;s progress data is read-only in the program, the command line and Excel imports; to change it, select the quarter, click “Reopen…” and give the reason. Milestones are not quarterly data and stay editable.</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="101"/>
        <source>本库属于%1：“报送”即向市级报送该季度（与“报送与审核”中的报送相同），报送后该季度锁定，再用“导出交换包”发给市级；已报送市级的季度只有被市级退回后才会重新打开。</source>
        <translation>This database belongs to %1: “Submit” reports the quarter to the city (the same as in Submissions and review). The quarter is then locked here; send it to the city with “Export exchange package”. A quarter submitted to the city reopens only when the city returns it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="109"/>
        <source>季度</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="110"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="111"/>
        <source>进展记录</source>
        <translation>Progress records</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="112"/>
        <source>状态修改人</source>
        <translation>State changed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="113"/>
        <source>修改时间</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="117"/>
        <source>市级报送</source>
        <translation>At the city</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="126"/>
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="126"/>
        <source>报送市级…</source>
        <translation>Submit to the city…</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="127"/>
        <location filename="../../app/ui/periods_dialog.py" line="243"/>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="128"/>
        <source>重新打开…</source>
        <translation>Reopen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="132"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="237"/>
        <source>锁定季度</source>
        <translation>Lock quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="238"/>
        <source>锁定 %1 后，该季度的进展数据将只读（重新打开需写明原因）。确定锁定吗？</source>
        <translation>After locking %1 its progress data is read-only (reopening needs a reason). Lock it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="244"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PortfolioView</name>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="332"/>
        <source>搜索项目名称、建设主体、地点、建设内容（支持拼音首字母，如 yh = 御河）   Ctrl+F</source>
        <translation>Search name, entity, location, content (pinyin initials work, e.g. yh = 御河)   Ctrl+F</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="341"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="344"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="347"/>
        <source>最新（截至今天）</source>
        <translation>Latest (as of today)</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="350"/>
        <source>显示列…</source>
        <translation>Columns…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="395"/>
        <location filename="../../app/ui/portfolio_view.py" line="747"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="480"/>
        <source>正在更新项目…</source>
        <translation>Updating projects…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="525"/>
        <location filename="../../app/ui/portfolio_view.py" line="567"/>
        <source>正在加载项目…</source>
        <translation>Loading projects…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="685"/>
        <source>当前筛选：</source>
        <translation>Filters: </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="687"/>
        <source>当前筛选：无（显示全部项目）</source>
        <translation>Current filter: none (all projects shown)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/portfolio_view.py" line="698"/>
        <source>全部 %n 个项目</source>
        <translation>
            <numerusform>All %n project</numerusform>
            <numerusform>All %n projects</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="700"/>
        <source>筛选结果 %1 / %2 个项目</source>
        <translation>Filtered: %1 of %2 projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="701"/>
        <source>概算总投资 %1 亿元</source>
        <translation>Estimated investment %1 (100M yuan)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/portfolio_view.py" line="703"/>
        <source>（其中 %n 项投资未知，未计入）</source>
        <translation>
            <numerusform> (%n with unknown investment, not counted)</numerusform>
            <numerusform> (%n with unknown investment, not counted)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="705"/>
        <source>累计完成投资 未知（均无进度数据）</source>
        <translation>Cumulative investment unknown (no progress data)</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="707"/>
        <source>累计完成投资 %1 亿元</source>
        <translation>Cumulative investment %1 (100M yuan)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/portfolio_view.py" line="709"/>
        <source>（其中 %n 项未知）</source>
        <translation>
            <numerusform> (%n unknown)</numerusform>
            <numerusform> (%n unknown)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="715"/>
        <source>加载失败：</source>
        <translation>Loading failed: </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="719"/>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="752"/>
        <source>只看县区：%1</source>
        <translation>Only county: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="756"/>
        <source>只看此附表类别</source>
        <translation>Only this appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="772"/>
        <source>恢复默认列</source>
        <translation>Default columns</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="188"/>
        <source>预览：将要修改的内容</source>
        <translation>Preview: what will change</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="201"/>
        <location filename="../../app/ui/import_wizard.py" line="211"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="202"/>
        <location filename="../../app/ui/import_wizard.py" line="211"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="203"/>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="204"/>
        <source>项目名称</source>
        <translation>Project name</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="205"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="206"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="207"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="208"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="211"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="211"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="211"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="212"/>
        <source>修改</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="213"/>
        <source>错误与提示</source>
        <translation>Errors and notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="216"/>
        <source>复制错误清单</source>
        <translation>Copy the error list</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="217"/>
        <source>复制后可粘贴到邮件或文档中，发回县区修改</source>
        <translation>Paste it into an e-mail or document and send it back to the county</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="236"/>
        <location filename="../../app/ui/import_wizard.py" line="237"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="242"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="242"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="242"/>
        <source>提示</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="266"/>
        <source>提示（不妨碍导入）：</source>
        <translation>Notes (they do not stop the import):</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="268"/>
        <source>另有 %1 条提示，见“错误与提示”页。</source>
        <translation>%1 more notes on the “Errors and notes” tab.</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="273"/>
        <source>文件“%1”：读取 %2 行，修改 %3 项，冲突 %4 项，错误 %5 处，提示 %6 条。</source>
        <translation>File “%1”: %2 rows read, %3 changes, %4 conflicts, %5 errors, %6 notes.</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="283"/>
        <source>&lt;b&gt;文件有错误，不能导入（不会写入任何数据）。&lt;/b&gt;请把错误清单发回填报单位修改后重新报送。</source>
        <translation>&lt;b&gt;The file has errors and cannot be imported (nothing will be written).&lt;/b&gt; Send the error list back to the reporting office to correct and resubmit.</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="287"/>
        <source>导出后市级又修改过部分记录，下一步请逐项选择保留哪一方。</source>
        <translation>Some records were changed at the city after the export; on the next page choose which side to keep for each.</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="289"/>
        <source>文件内容与数据库一致，没有需要导入的修改。</source>
        <translation>The file matches the database; there is nothing to import.</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="291"/>
        <source>确认无误后点击“导入”，所有修改将一次写入（记入修改日志，来源为本文件）。</source>
        <translation>When everything looks right, click “Import”; all changes are written at once (logged with this file as the source).</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="294"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="294"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../app/ui/print_preview.py" line="141"/>
        <source>打印预览 — %1</source>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="148"/>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="149"/>
        <source>A4 纸，可选双面打印和页码范围</source>
        <translation>A4 paper, optional duplex and page range</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="151"/>
        <source>用系统阅读器打开</source>
        <translation>Open in the system viewer</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="158"/>
        <source>共 %1 页</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="159"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="161"/>
        <source>缩放：</source>
        <translation>Zoom:</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="191"/>
        <source>第 %1 页</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="207"/>
        <source>打印报告</source>
        <translation>Print report</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="221"/>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_preview.py" line="223"/>
        <source>已送打印机 %1 页</source>
        <translation>%1 pages sent to the printer</translation>
    </message>
</context>
<context>
    <name>ProgressTab</name>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="61"/>
        <location filename="../../app/ui/progress_tab.py" line="150"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="72"/>
        <source>该报告期已锁定，数据只读。如需修改，请在主窗口“季度”菜单中重新打开该季度（需写明理由）。</source>
        <translation>This reporting period is locked; its data is read-only. To change it, reopen the quarter from the main window&apos;s “Quarter” menu (with the reason).</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="84"/>
        <source>本季度填报</source>
        <translation>This quarter&apos;s report</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="87"/>
        <source>本季度完成投资</source>
        <translation>Invested this quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="87"/>
        <source>年度计划投资</source>
        <translation>Annual plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="89"/>
        <source>亿元；可填“500万元”，留空表示未报</source>
        <translation>100M yuan; &quot;500万元&quot; works too; blank = not reported</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="94"/>
        <source>亿元</source>
        <translation>100M yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="98"/>
        <source>（不变）</source>
        <translation>(unchanged)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="101"/>
        <location filename="../../app/ui/progress_tab.py" line="155"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="104"/>
        <location filename="../../app/ui/progress_tab.py" line="156"/>
        <source>形象进度</source>
        <translation>Physical progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="105"/>
        <source>存在问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="106"/>
        <source>下步计划</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="118"/>
        <source>保存本季度进展</source>
        <translation>Save this quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="125"/>
        <source>自动计算（只读）</source>
        <translation>Derived (read-only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="138"/>
        <source>累计完成投资</source>
        <translation>Cumulative investment</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="139"/>
        <location filename="../../app/ui/progress_tab.py" line="153"/>
        <source>完成率</source>
        <translation>Completion</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="140"/>
        <source>序时进度</source>
        <translation>Time elapsed</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="141"/>
        <source>RAG 评级</source>
        <translation>RAG rating</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="142"/>
        <source>评级理由</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="143"/>
        <source>逾期节点</source>
        <translation>Overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="144"/>
        <source>判定日期</source>
        <translation>Judged as of</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="151"/>
        <source>本季度完成（亿元）</source>
        <translation>This quarter (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="152"/>
        <source>累计完成（亿元）</source>
        <translation>Cumulative (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="154"/>
        <source>年度计划（亿元）</source>
        <translation>Annual plan (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="157"/>
        <source>填报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="211"/>
        <source>状态：%1</source>
        <translation>State: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="241"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="243"/>
        <source>%1（逾期天数、序时进度按这一天计算）</source>
        <translation>%1 (overdue days and time-elapsed progress are computed as of this day)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="252"/>
        <source>%1 亿元</source>
        <translation>%1 (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="260"/>
        <source>%1（逾期 %2 天）</source>
        <translation>%1 (overdue %2 days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="263"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="319"/>
        <source>%1 季度进展</source>
        <translation>%1 quarterly progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="336"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>ProjectEditor</name>
    <message>
        <location filename="../../app/ui/project_editor.py" line="164"/>
        <source>附表原文（只读）</source>
        <translation>Appendix text (read-only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="174"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="186"/>
        <source>留空表示未知</source>
        <translation>Blank = unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="192"/>
        <source>每行一个建设主体</source>
        <translation>One implementing entity per line</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="141"/>
        <source>基本信息</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="213"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="205"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="205"/>
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="214"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="215"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="206"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="206"/>
        <source>提示</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="216"/>
        <source>问题说明</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="217"/>
        <source>处理说明</source>
        <translation>Resolution note</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="218"/>
        <source>处理人</source>
        <translation>Resolved by</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="224"/>
        <source>处理核查事项请到主窗口的“数据核查”页（可填写处理说明）。</source>
        <translation>Resolve findings on the &quot;Data review&quot; page of the main window (with a note).</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="229"/>
        <location filename="../../app/ui/project_editor.py" line="354"/>
        <source>数据核查</source>
        <translation>Data review</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="154"/>
        <source>修改记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="144"/>
        <source>里程碑</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="145"/>
        <source>季度进展</source>
        <translation>Quarterly progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="146"/>
        <source>问题协调</source>
        <translation>Coordination issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="232"/>
        <location filename="../../app/ui/project_editor.py" line="250"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="234"/>
        <location filename="../../app/ui/project_editor.py" line="254"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="239"/>
        <location filename="../../app/ui/project_editor.py" line="260"/>
        <location filename="../../app/ui/project_editor.py" line="637"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="242"/>
        <location filename="../../app/ui/project_editor.py" line="565"/>
        <source>重新加载</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="251"/>
        <source>撤销 (Ctrl+Z)</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="255"/>
        <source>重做 (Ctrl+Y)</source>
        <translation>Redo (Ctrl+Y)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="261"/>
        <source>保存 (Ctrl+S)：一次写入所有修改</source>
        <translation>Save (Ctrl+S): writes all changes at once</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="264"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="342"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="354"/>
        <source>数据核查（%1）</source>
        <translation>Data review (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="388"/>
        <source>数据库只读，不能保存修改：%1</source>
        <translation>The database is read-only; changes cannot be saved: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="390"/>
        <source>本项目只能查看：%1</source>
        <translation>This project can only be viewed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="436"/>
        <source>修改 %1</source>
        <translation>Change %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="630"/>
        <source>项目 %1 有未保存的修改：%2。
是否保存？</source>
        <translation>Project %1 has unsaved changes: %2.
Save them?</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="638"/>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/project_editor.py" line="492"/>
        <source>有 %n 处输入需要修改，未保存任何内容。</source>
        <translation>
            <numerusform>%n entry needs correcting; nothing was saved.</numerusform>
            <numerusform>%n entries need correcting; nothing was saved.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="520"/>
        <source>保存冲突</source>
        <translation>Save conflict</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="521"/>
        <source>重新加载（放弃我的修改）</source>
        <translation>Reload (discard my changes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="522"/>
        <source>返回编辑</source>
        <translation>Back to editing</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="529"/>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="361"/>
        <source>版本 %1 · 最后修改：%2 %3</source>
        <translation>Version %1 · last changed by %2 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="366"/>
        <source>项目 %1 — %2</source>
        <translation>Project %1 — %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="565"/>
        <source>放弃未保存的修改并重新读取项目？</source>
        <translation>Discard unsaved changes and reload the project?</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="618"/>
        <source>基本信息（%1）</source>
        <translation>Basic information (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="629"/>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="639"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <location filename="../../app/ui/models.py" line="118"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="153"/>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="155"/>
        <location filename="../../app/ui/models.py" line="156"/>
        <source>项目名称</source>
        <translation>Project name</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="157"/>
        <source>附表类别</source>
        <translation>Appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="160"/>
        <source>县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="162"/>
        <source>牵头部门</source>
        <translation>Lead department</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="165"/>
        <source>总投资(亿元)</source>
        <translation>Investment (100M ¥)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="169"/>
        <source>新增用地(亩)</source>
        <translation>New land (mu)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="173"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="175"/>
        <source>RAG</source>
        <translation>RAG</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="179"/>
        <source>累计完成(亿元)</source>
        <translation>Cumulative (100M ¥)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="183"/>
        <source>完成率</source>
        <translation>Completion</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="187"/>
        <source>最近更新</source>
        <translation>Last update</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="190"/>
        <source>建设主体</source>
        <translation>Entity</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="193"/>
        <source>建设地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="196"/>
        <source>未解决问题</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="199"/>
        <source>逾期节点</source>
        <translation>Overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="202"/>
        <source>待核查</source>
        <translation>To review</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="154"/>
        <source>项目编号（附表-行号）</source>
        <translation>Project code (appendix-row)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="158"/>
        <source>规划附表类别</source>
        <translation>Plan appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="161"/>
        <source>所属县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="163"/>
        <source>建议牵头责任部门</source>
        <translation>Lead departments</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="166"/>
        <source>概算总投资（亿元）；未知不计为 0</source>
        <translation>Estimated total investment (100M yuan); unknown is not counted as 0</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="170"/>
        <source>拟新增建设用地规模（亩）</source>
        <translation>Planned new construction land (mu)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="174"/>
        <source>项目状态</source>
        <translation>Project status</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="176"/>
        <source>按规则评定的进度评级：红/黄/绿/未知；鼠标停留可看理由</source>
        <translation>Rule-based progress rating: red/amber/green/unknown; hover for the reasons</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="180"/>
        <source>累计完成投资（亿元），截至所选报告期</source>
        <translation>Cumulative investment (100M yuan) up to the selected period</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="184"/>
        <source>累计完成投资 ÷ 概算总投资</source>
        <translation>Cumulative ÷ estimated investment</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="188"/>
        <source>项目或进度数据的最近修改时间</source>
        <translation>When the project or its progress last changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="191"/>
        <source>项目建设主体</source>
        <translation>Implementing entities</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="194"/>
        <source>项目建设地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="197"/>
        <source>未办结的问题协调事项数</source>
        <translation>Coordination issues not closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="200"/>
        <source>逾期未完成的里程碑节点数</source>
        <translation>Milestones past their planned date</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="203"/>
        <source>待处理的数据核查事项数</source>
        <translation>Open data-review findings</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="115"/>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="116"/>
        <source>黄</source>
        <translation>Amber</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="117"/>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="555"/>
        <source>进度状态未知（尚未计算或无进度数据）</source>
        <translation>Progress status unknown (not computed or no progress data)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="168"/>
        <source>概算总投资未知：不计入合计</source>
        <translation>Estimated investment unknown: not in the totals</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="182"/>
        <source>尚无进度数据：不计入合计</source>
        <translation>No progress data yet: not in the totals</translation>
    </message>
</context>
<context>
    <name>RecordListTab</name>
    <message>
        <location filename="../../app/ui/tracking_tab.py" line="210"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="57"/>
        <source>重新打开 %1</source>
        <translation>Reopen %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="60"/>
        <source>重新打开后，%1 的进展数据可以再次修改。请写明原因（记入修改记录）：</source>
        <translation>After reopening, %1&apos;s progress data can be changed again. Give the reason (kept in the change log):</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="66"/>
        <source>例如：灵丘县补报第三季度投资数据</source>
        <translation>e.g. Lingqiu county resubmits Q3 investment data</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="68"/>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../app/ui/periods_dialog.py" line="68"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="65"/>
        <source>生成季度进度报告</source>
        <translation>Generate quarterly progress report</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="69"/>
        <source>报告内容</source>
        <translation>Report contents</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="78"/>
        <source>报告期：</source>
        <translation>Reporting period:</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="82"/>
        <source>全市（全部项目）</source>
        <translation>Whole city (all projects)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="83"/>
        <source>按县区</source>
        <translation>By county</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="84"/>
        <source>按牵头部门</source>
        <translation>By lead department</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="85"/>
        <source>按规划附表</source>
        <translation>By appendix table</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="90"/>
        <source>报告范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="93"/>
        <source>附项目详情页（每个项目单独一页：基本信息、里程碑、季度进度、问题与计划）</source>
        <translation>With a detail page per project (basic information, milestones, quarterly progress, problems and plans)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="97"/>
        <source>留空则使用系统设置，未设置时封面留空供手填</source>
        <translation>Empty: use the setting; if not set, the cover leaves room to write it in</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="98"/>
        <source>编制单位：</source>
        <translation>Reporting unit:</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="103"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="107"/>
        <source>保存为：</source>
        <translation>Save as:</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="119"/>
        <source>生成报告</source>
        <translation>Generate report</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="122"/>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="123"/>
        <source>在本程序中预览报告的每一页并打印（A4、双面、页码范围）</source>
        <translation>Preview every page of the report in this program and print it (A4, duplex, page range)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="125"/>
        <source>打开 / 打印…</source>
        <translation>Open / print…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="126"/>
        <source>用系统 PDF 阅读器打开，可预览并打印</source>
        <translation>Open in the system PDF viewer to preview and print</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="128"/>
        <source>打开所在文件夹</source>
        <translation>Open the folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="130"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="159"/>
        <source>%1年第%2季度</source>
        <translation>%1 Q%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="166"/>
        <source>，%1 条进度</source>
        <translation>, %1 progress records</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="190"/>
        <source>该季度已锁定：报告将存档并记录 SHA-256，之后可随时核对是否与数据一致。</source>
        <translation>This quarter is locked: the report is archived with its SHA-256 and can be verified against the data at any time.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="192"/>
        <source>该季度尚未锁定：报告反映当前数据，数据可能仍会变动。</source>
        <translation>This quarter is not locked: the report shows the current data, which may still change.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="194"/>
        <source>该季度尚无进度数据：报告将注明“无数据”，投资完成情况显示为未知。</source>
        <translation>No progress data for this quarter: the report says “no data” and investment completed shows as unknown.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="227"/>
        <source>保存季度报告</source>
        <translation>Save quarterly report</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="227"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="247"/>
        <source>文件已存在</source>
        <translation>File exists</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="247"/>
        <source>“%1”已存在，是否覆盖？</source>
        <translation>“%1” already exists. Replace it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="260"/>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="261"/>
        <source>正在生成季度报告…</source>
        <translation>Generating the quarterly report…</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="268"/>
        <source>已生成：%1</source>
        <translation>Generated: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="269"/>
        <source>共 %1 页，%2 个项目。</source>
        <translation>%1 pages, %2 projects.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="272"/>
        <source>锁定季度的报告已存档（SHA-256：%1）。</source>
        <translation>The report of the locked quarter was archived (SHA-256: %1).</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="274"/>
        <source>与已存档的报告逐字节一致（SHA-256：%1）。</source>
        <translation>Byte-for-byte identical to the archived report (SHA-256: %1).</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="276"/>
        <source>注意：与先前存档的报告不同，已另存为新版本。</source>
        <translation>Note: differs from the previously archived report; saved as a new version.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="290"/>
        <source>已取消，未写入文件。</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="296"/>
        <source>生成失败：%1</source>
        <translation>Generation failed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_dialog.py" line="299"/>
        <source>生成失败</source>
        <translation>Generation failed</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="419"/>
        <source>导入结果</source>
        <translation>Import result</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="426"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="427"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="428"/>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="429"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="430"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="431"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="432"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="433"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="452"/>
        <location filename="../../app/ui/import_wizard.py" line="453"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="138"/>
        <source>退回 %1 %2 的报送</source>
        <translation>Return the submission of %1 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="142"/>
        <source>请写明退回理由：可以是对整个报送的理由，也可以在下表中逐个项目填写，至少填写一处。理由随市级交换包发给%1，该季度在%1重新打开，修改后可重新报送。</source>
        <translation>State why the submission is returned: a reason for the whole submission, or per project in the table below (at least one). The reasons travel to %1 in the city&apos;s exchange package; the quarter reopens at %1 and can be corrected and submitted again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="148"/>
        <source>整体退回理由：</source>
        <translation>Reason for the whole submission:</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="151"/>
        <source>例如：本季度完成投资数据不完整，请补充后重报</source>
        <translation>e.g. the quarter&apos;s investment figures are incomplete; please complete and resubmit</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="154"/>
        <source>逐个项目的退回理由（可选，双击“退回理由”一栏填写）：</source>
        <translation>Reasons per project (optional; double-click the “Reason” column):</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="157"/>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="157"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="157"/>
        <source>本季度进度</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="157"/>
        <source>退回理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="168"/>
        <source>已填报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="168"/>
        <source>未填报</source>
        <translation>Not reported</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="185"/>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="187"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="213"/>
        <source>退回理由不能为空：请填写整体退回理由，或至少一个项目的退回理由。</source>
        <translation>A return needs a reason: enter a reason for the whole submission or for at least one project.</translation>
    </message>
</context>
<context>
    <name>ReviewQueueView</name>
    <message>
        <location filename="../../app/ui/review_view.py" line="99"/>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="101"/>
        <location filename="../../app/ui/review_view.py" line="247"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="102"/>
        <location filename="../../app/ui/review_view.py" line="247"/>
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="103"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="107"/>
        <source>搜索编号、名称、问题说明…</source>
        <translation>Search code, name, finding…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="151"/>
        <source>处理说明（标记为已处理时必填）</source>
        <translation>Resolution note (required to resolve)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="153"/>
        <source>例如：已与县区核实，原表数值正确</source>
        <translation>e.g. checked with the county: the table value is right</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="160"/>
        <location filename="../../app/ui/review_view.py" line="254"/>
        <source>标记为已处理</source>
        <translation>Mark resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="162"/>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="164"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="196"/>
        <source>待处理 %1 条，已处理 %2 条</source>
        <translation>%1 open, %2 resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="242"/>
        <source>选择一条核查事项查看详情</source>
        <translation>Select a finding to see its details</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="248"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="254"/>
        <source>更新处理说明</source>
        <translation>Update note</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="274"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="298"/>
        <source>规划指标</source>
        <translation>Plan indicators</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="299"/>
        <source>这条核查事项属于规划指标（%1），请在“规划指标”页查看。</source>
        <translation>This finding belongs to a plan indicator (%1); see the &quot;Plan indicators&quot; page.</translation>
    </message>
</context>
<context>
    <name>ReviewTableModel</name>
    <message>
        <location filename="../../app/ui/list_models.py" line="150"/>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="151"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="152"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="153"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="154"/>
        <source>问题说明</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="155"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="156"/>
        <source>处理说明</source>
        <translation>Resolution note</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="157"/>
        <source>处理人</source>
        <translation>Resolved by</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="158"/>
        <source>处理时间</source>
        <translation>Resolved at</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="141"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="141"/>
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="142"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/list_models.py" line="142"/>
        <source>提示</source>
        <translation>Info</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="69"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="73"/>
        <source>本数据库（所有使用者共用，保存在数据库中）</source>
        <translation>This database (shared by all its users, stored in the database)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="46"/>
        <source>（未设置）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="47"/>
        <source>%1（大同市）</source>
        <translation>%1 (Datong city)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="52"/>
        <source>%1（牵头部门）</source>
        <translation>%1 (lead department)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="77"/>
        <source>本库所属单位：</source>
        <translation>This database&apos;s office:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="90"/>
        <source>印在报告封面和签发页，例如：大同市规划和自然资源局</source>
        <translation>Printed on the report cover and sign-off page, e.g. 大同市规划和自然资源局</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="91"/>
        <location filename="../../app/ui/settings_dialog.py" line="93"/>
        <source>留空则不印</source>
        <translation>Left out when empty</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="92"/>
        <source>留空则留出签名横线</source>
        <translation>Empty: a line is left for a signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="101"/>
        <source>%1：</source>
        <translation>%1:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="107"/>
        <source>只读打开，不能修改：%1</source>
        <translation>Opened read-only, cannot be changed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="110"/>
        <source>本机个人设置（仅本用户）</source>
        <translation>Personal settings on this PC (this user only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="113"/>
        <source>留空则使用登录名：%1</source>
        <translation>Empty: the login name %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="114"/>
        <source>我的姓名（记入修改记录）：</source>
        <translation>My name (recorded in the change log):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="118"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="122"/>
        <source>默认导出文件夹：</source>
        <translation>Default export folder:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="127"/>
        <source>界面语言（重新启动后生效）：</source>
        <translation>Interface language (after a restart):</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="137"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="138"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="146"/>
        <source>默认导出文件夹</source>
        <translation>Default export folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="160"/>
        <source>默认导出文件夹不存在：%1</source>
        <translation>The default export folder does not exist: %1</translation>
    </message>
</context>
<context>
    <name>SubmissionTableModel</name>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="78"/>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="79"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="80"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="81"/>
        <source>报送项目数</source>
        <translation>Projects reported</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="82"/>
        <source>报送次数</source>
        <translation>Round</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="83"/>
        <source>退回理由</source>
        <translation>Return reasons</translation>
    </message>
</context>
<context>
    <name>SubmissionsDialog</name>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="236"/>
        <source>报送与审核</source>
        <translation>Submissions and review</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="243"/>
        <source>季度：</source>
        <translation>Quarter:</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="256"/>
        <location filename="../../app/ui/submissions_dialog.py" line="499"/>
        <location filename="../../app/ui/submissions_dialog.py" line="503"/>
        <source>审核通过</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="257"/>
        <source>退回…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="258"/>
        <source>催报名单…</source>
        <translation>Late-report list…</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="259"/>
        <location filename="../../app/ui/submissions_dialog.py" line="547"/>
        <location filename="../../app/ui/submissions_dialog.py" line="559"/>
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="264"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="273"/>
        <source>本库尚未设置所属单位。请先在“设置”中设置本库属于市级还是哪个县区（或用命令 office set），之后才能报送或审核。</source>
        <translation>This database has no office set. Set in Settings whether it belongs to the city or to which county (or use the command office set) before submitting or reviewing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="295"/>
        <source>市级审核各单位的季度报送。单位的报送随其交换包导入后显示为“已报送（待审核）”；审核通过或退回后，请导出发给该单位的交换包，它才能看到结果。退回须写明理由。</source>
        <translation>The city reviews each office&apos;s quarterly submission. A submission shows as “submitted (awaiting review)” once the office&apos;s exchange package is imported; after accepting or returning it, export the exchange package for that office so it sees the decision. A return needs a reason.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="299"/>
        <source>状态：</source>
        <translation>State:</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="300"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="324"/>
        <source>本库属于%1。报送后，该季度的进度数据在本库锁定，请再用“导出交换包”把报送发给市级；只有被市级退回的报送才能修改后重新报送。</source>
        <translation>This database belongs to %1. Once submitted, the quarter&apos;s progress data are locked here; send the submission to the city with “Export exchange package”. Only a submission the city returns can be corrected and submitted again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="339"/>
        <source>市级退回理由</source>
        <translation>Returned by the city: reasons</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="353"/>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="353"/>
        <source>退回理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="388"/>
        <source>应报送 %1 个单位：</source>
        <translation>%1 offices expected: </translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="425"/>
        <source>选中一个单位查看报送情况。</source>
        <translation>Select an office to see its submission.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="431"/>
        <source>%1 报送状态：%2</source>
        <translation>%1 submission state: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="438"/>
        <source>整体理由：%1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="440"/>
        <source>（无整体理由，见逐个项目的理由）</source>
        <translation>(no reason for the whole submission; see the reasons per project)</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="450"/>
        <source>%1 尚未报送 %2。</source>
        <translation>%1 has not submitted %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="452"/>
        <source>%1 第 %2 次报送：%3 由 %4 报送，报送项目 %5 个。</source>
        <translation>%1 submission round %2: submitted %3 by %4, %5 projects reported.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="461"/>
        <source>%1 由 %2 审核通过。</source>
        <translation>Accepted %1 by %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="461"/>
        <source>%1 由 %2 退回。</source>
        <translation>Returned %1 by %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="548"/>
        <source>确定以%1的名义报送 %2 吗？

报送后，该季度的进度数据在本库锁定、不能再修改；请再用“导出交换包”把报送发给市级。只有被市级退回后才能修改并重新报送。</source>
        <translation>Submit %2 as %1?

Once submitted, the quarter&apos;s progress data are locked here and cannot be changed; send the submission to the city with “Export exchange package”. It can be corrected and submitted again only if the city returns it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="465"/>
        <source>退回理由：%1</source>
        <translation>Return reasons: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="489"/>
        <location filename="../../app/ui/submissions_dialog.py" line="560"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/submissions_dialog.py" line="500"/>
        <source>确定审核通过 %1 %2 的报送吗？审核通过后该报送不能再退回。</source>
        <translation>Accept the submission of %1 %2? An accepted submission cannot be returned.</translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="287"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="296"/>
        <source>项目（%1）</source>
        <translation>Projects (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="320"/>
        <source>计划：%1</source>
        <translation>Planned: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="320"/>
        <source>未定</source>
        <translation>not set</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="322"/>
        <source>实际：%1</source>
        <translation>Actual: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="325"/>
        <source>逾期 %1 天</source>
        <translation>%1 days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="330"/>
        <source>双击打开项目</source>
        <translation>Double-click to open the project</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="366"/>
        <source>时间刻度</source>
        <translation>Scale</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="368"/>
        <source>按季度</source>
        <translation>Quarters</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="369"/>
        <source>按年</source>
        <translation>Years</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="372"/>
        <source>只看有逾期节点的项目</source>
        <translation>Only projects with overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="382"/>
        <source>◇ 计划日期&#x3000;● 实际日期&#x3000;颜色：蓝＝进行中，绿＝已完成，红＝逾期，灰＝未开始；红色虚线＝今天。筛选条件与“项目总览”相同；双击一行打开项目。</source>
        <translation>◇ planned  ● actual   Colours: blue = in progress, green = done, red = overdue, grey = not started; dashed red line = today. Uses the portfolio&apos;s filters; double-click a row to open the project.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="458"/>
        <source>加载失败：%1</source>
        <translation>Loading failed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="460"/>
        <location filename="../../app/ui/timeline_view.py" line="461"/>
        <source>正在加载里程碑…</source>
        <translation>Loading milestones…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="492"/>
        <source>显示 %1 个项目（筛选结果 %2 个，其中 %3 个有里程碑节点）</source>
        <translation>Showing %1 projects (%2 filtered, %3 with milestones)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="498"/>
        <source>。在项目窗口的“里程碑”页可套用标准节点。</source>
        <translation>. Apply standard milestones on a project&apos;s &quot;Milestones&quot; tab.</translation>
    </message>
</context>
<context>
    <name>TotalsText</name>
    <message>
        <location filename="../../app/ui/totals_text.py" line="18"/>
        <source>完成率 %1（按 %2 个概算总投资已知且已报送完成投资的项目计算）</source>
        <translation>Completion %1 (over the %2 project(s) whose estimated total is known and whose completed investment is reported)</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="47"/>
        <source>欢迎使用</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="65"/>
        <source>本库所属单位（市级，或哪个县区、牵头部门）：</source>
        <translation>Office this database belongs to (the city, a county, or a lead department):</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="71"/>
        <source>① 设置所属单位和编制单位…</source>
        <translation>① Set the office and reporting unit…</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="72"/>
        <source>② 查看待核查的数据问题</source>
        <translation>② Review the open data findings</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="74"/>
        <source>③ 打开本季度（%1）</source>
        <translation>③ Open this quarter (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="86"/>
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="96"/>
        <source>每次启动时，如数据自上次备份后有改动，程序会自动备份到：&lt;br&gt;&lt;code&gt;%1&lt;/code&gt;&lt;br&gt;（经完整性检查，保留最近的若干份；升级数据库结构前也会先备份）。也可随时用“文件 → 备份数据库”另存一份。</source>
        <translation>Whenever the program starts and the data changed since the last backup, it backs up automatically to:&lt;br&gt;&lt;code&gt;%1&lt;/code&gt;&lt;br&gt;(integrity-checked; the most recent ones are kept; a backup is also made before any schema upgrade). You can save a copy at any time with “File → Back up database”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="100"/>
        <source>这是服务器上的数据库，请由管理员用 pg_dump 定期备份。</source>
        <translation>This database is on a server; ask its administrator to back it up regularly with pg_dump.</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="103"/>
        <source>&lt;h3&gt;欢迎使用大同市生态保护重点项目管理&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Welcome to the Datong ecological protection key project manager&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="104"/>
        <source>&lt;p&gt;&lt;b&gt;已载入的数据&lt;/b&gt;：规划附表1-7中的 &lt;b&gt;%1&lt;/b&gt; 个重点项目，表3-1 的 &lt;b&gt;%2&lt;/b&gt; 项规划指标；</source>
        <translation>&lt;p&gt;&lt;b&gt;Data loaded&lt;/b&gt;: &lt;b&gt;%1&lt;/b&gt; key projects from appendix tables 1-7 and &lt;b&gt;%2&lt;/b&gt; plan indicators from table 3-1; </translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="108"/>
        <source>导入时发现 &lt;b&gt;%1&lt;/b&gt; 处数据需要人工核查（原文有歧义、重复或不完整之处，未作改动）。&lt;/p&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; items were found that need a person&apos;s review (ambiguous, duplicate or incomplete in the source; left unchanged).&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="110"/>
        <source>&lt;p&gt;&lt;b&gt;数据保存在&lt;/b&gt;：&lt;code&gt;%1&lt;/code&gt;&lt;br&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Data is stored in&lt;/b&gt;: &lt;code&gt;%1&lt;/code&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome_dialog.py" line="114"/>
        <source>&lt;p&gt;&lt;b&gt;先做三件事&lt;/b&gt;：&lt;/p&gt;&lt;ol&gt;&lt;li&gt;设置本库所属单位和编制单位（以及报告签发页上的编制人、审核人）；&lt;/li&gt;&lt;li&gt;在“数据核查”页逐条查看待核查的问题，确认或修改；&lt;/li&gt;&lt;li&gt;打开本季度，逐个项目填报投资完成情况和形象进度。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;本窗口只显示一次；使用说明随时可从“帮助 → 使用说明”打开。&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;First three things to do&lt;/b&gt;:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Set this database&apos;s office and reporting unit (and the preparer and reviewer on the report&apos;s sign-off page);&lt;/li&gt;&lt;li&gt;Go through the open findings on the “Data review” tab and confirm or correct them;&lt;/li&gt;&lt;li&gt;Open this quarter and enter each project&apos;s investment completed and physical progress.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;This window is shown only once; the user guide is always available under “Help → User guide”.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../app/ui/tasks.py" line="109"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>user_errors</name>
    <message>
        <location filename="../../app/ui/user_errors.py" line="37"/>
        <source>数据库是只读的，修改没有保存。</source>
        <translation>The database is read-only; the change was not saved.</translation>
    </message>
    <message>
        <location filename="../../app/ui/user_errors.py" line="42"/>
        <source>另一个程序正在写入这个数据库，修改没有保存；请稍后再试。</source>
        <translation>Another program is writing to this database; the change was not saved. Please try again shortly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/user_errors.py" line="44"/>
        <source>数据库文件是只读的（没有写入权限），修改没有保存。</source>
        <translation>The database file is read-only (no write permission); the change was not saved.</translation>
    </message>
</context>
</TS>
