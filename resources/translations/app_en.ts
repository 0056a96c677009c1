<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../app/ui/dashboard.py" line="78"/>
        <source>项目总数</source>
        <translation>Projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="79"/>
        <location filename="../../app/ui/dashboard.py" line="89"/>
        <source>概算总投资（亿元）</source>
        <translation>Estimated investment (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="80"/>
        <source>累计完成投资（亿元）</source>
        <translation>Cumulative investment (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="81"/>
        <source>需要关注</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="87"/>
        <source>图表显示：</source>
        <translation>Chart shows:</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="88"/>
        <source>项目数</source>
        <translation>Number of projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="98"/>
        <source>点击图中的条形，可在项目总览中查看对应项目</source>
        <translation>Click a bar to list those projects in the portfolio</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="107"/>
        <source>按附表类别</source>
        <translation>By appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="108"/>
        <source>按所属县区</source>
        <translation>By county</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="109"/>
        <source>按状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="110"/>
        <source>按 RAG 评级</source>
        <translation>By RAG rating</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="134"/>
        <source>其中 %n 项投资未知，未计入</source>
        <translation>
            <numerusform>%n project&apos;s investment unknown, not counted</numerusform>
            <numerusform>%n projects&apos; investment unknown, not counted</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="136"/>
        <location filename="../../app/ui/dashboard.py" line="153"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="136"/>
        <source>尚无季度进展数据</source>
        <translation>No quarterly progress yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="138"/>
        <source>完成率 %1</source>
        <translation>Completion %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="140"/>
        <source>%n 项无进度数据</source>
        <translation>
            <numerusform>%n without progress data</numerusform>
            <numerusform>%n without progress data</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="146"/>
        <source>红灯 %1 项</source>
        <translation>Red: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="147"/>
        <source>逾期里程碑 %1 项；未解决问题 %2 项；待核查数据 %3 条</source>
        <translation>Overdue milestones: %1; open issues: %2; data findings to review: %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="153"/>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="153"/>
        <source>黄</source>
        <translation>Amber</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="153"/>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="161"/>
        <source>%1
项目 %2 个
概算总投资 %3 亿元</source>
        <translation>%1
%2 projects
Estimated investment %3 (100M yuan)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="164"/>
        <source>其中 %n 项投资未知</source>
        <translation>
            <numerusform>%n with unknown investment</numerusform>
            <numerusform>%n with unknown investment</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard.py" line="165"/>
        <source>点击查看这些项目</source>
        <translation>Click to list these projects</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="170"/>
        <source>（%n 项未知）</source>
        <translation>
            <numerusform> (%n unknown)</numerusform>
            <numerusform> (%n unknown)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dashboard.py" line="178"/>
        <source>另有 %n 个项目投资未知，未计入条形长度</source>
        <translation>
            <numerusform>%n more project has unknown investment (not in the bars)</numerusform>
            <numerusform>%n more projects have unknown investment (not in the bars)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../app/ui/widgets.py" line="140"/>
        <source>勾选后填写日期；不勾选表示未定</source>
        <translation>Tick to enter a date; unticked means not set</translation>
    </message>
</context>
<context>
    <name>DepartmentListEditor</name>
    <message>
        <location filename="../../app/ui/project_editor.py" line="186"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="189"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="192"/>
        <source>移除所选部门</source>
        <translation>Remove the selected department</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="202"/>
        <source>输入或选择部门</source>
        <translation>Type or choose a department</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="205"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="206"/>
        <source>新建部门…</source>
        <translation>New department…</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="247"/>
        <source>“%1”不是已知部门：请从列表中选择，或点“新建部门…”添加</source>
        <translation>&quot;%1&quot; is not a known department: choose one from the list or use &quot;New department…&quot;</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="261"/>
        <source>新建部门</source>
        <translation>New department</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="262"/>
        <source>新部门的全称（将加入所有项目可选的部门列表）：</source>
        <translation>Full name of the new department (it joins the list every project can choose from):</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="63"/>
        <source>清除全部筛选</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="67"/>
        <source>有未解决问题</source>
        <translation>Has open issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="68"/>
        <source>有尚未关闭的问题协调事项</source>
        <translation>Has coordination issues that are not closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="69"/>
        <source>有逾期里程碑</source>
        <translation>Has overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="79"/>
        <source>查找部门…</source>
        <translation>Find department…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="85"/>
        <source>附表类别</source>
        <translation>Appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="86"/>
        <source>所属县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="87"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="88"/>
        <source>RAG 评级</source>
        <translation>RAG rating</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="89"/>
        <source>牵头部门</source>
        <translation>Lead department</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="128"/>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="128"/>
        <source>黄</source>
        <translation>Amber</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="128"/>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="128"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../app/ui/models.py" line="417"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="417"/>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="417"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="417"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="417"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="418"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="419"/>
        <source>手工修改</source>
        <translation>Manual edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="419"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="419"/>
        <source>初始数据</source>
        <translation>Initial data</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="420"/>
        <source>命令行</source>
        <translation>Command line</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="420"/>
        <source>县区数据包</source>
        <translation>County package</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="421"/>
        <source>核查事项</source>
        <translation>Review finding</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="421"/>
        <source>里程碑</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="422"/>
        <source>季度进展</source>
        <translation>Quarterly progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="422"/>
        <location filename="../../app/ui/models.py" line="423"/>
        <source>问题协调</source>
        <translation>Coordination issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="423"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="474"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>IndicatorValueDialog</name>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="88"/>
        <source>录入指标年度值</source>
        <translation>Enter a yearly indicator value</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="90"/>
        <source>无单位</source>
        <translation>no unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="99"/>
        <source>数值；留空表示未知</source>
        <translation>Value; leave blank for unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="102"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="103"/>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="105"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="108"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="109"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>IndicatorsView</name>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="134"/>
        <source>截至年份</source>
        <translation>Up to year</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="140"/>
        <source>录入年度值…</source>
        <translation>Enter yearly value…</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="149"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="150"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="151"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="152"/>
        <source>属性</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="153"/>
        <source>2020 年基期</source>
        <translation>2020 baseline</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="154"/>
        <source>最新值</source>
        <translation>Latest</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="156"/>
        <source>2025 年目标</source>
        <translation>2025 target</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="157"/>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="158"/>
        <source>评价</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="176"/>
        <source>红色“约束性”为约束性指标。进度按基期到目标的距离计算；目标为文字（如“完成国家、省级下达指标”）时不计算进度。双击一行录入年度值。</source>
        <translation>&quot;约束性&quot; in red marks binding indicators. Progress is measured from the baseline toward the target; no progress is computed when the target is text (such as &quot;完成国家、省级下达指标&quot;). Double-click a row to enter a yearly value.</translation>
    </message>
    <message>
        <location filename="../../app/ui/indicators_view.py" line="199"/>
        <source>共 %1 项指标，其中约束性 %2 项（已达标 %3 项）</source>
        <translation>%1 indicators, %2 binding (%3 met)</translation>
    </message>
</context>
<context>
    <name>IssuesTab</name>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="58"/>
        <source>新增问题</source>
        <translation>New issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="60"/>
        <source>办结…</source>
        <translation>Close…</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="62"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="64"/>
        <source>只看未办结</source>
        <translation>Open only</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="76"/>
        <location filename="../../app/ui/issues_tab.py" line="114"/>
        <source>问题描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="77"/>
        <location filename="../../app/ui/issues_tab.py" line="115"/>
        <source>责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="78"/>
        <location filename="../../app/ui/issues_tab.py" line="116"/>
        <source>提出日期</source>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="79"/>
        <location filename="../../app/ui/issues_tab.py" line="117"/>
        <source>办结时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="80"/>
        <source>办结日期</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="81"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="82"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="83"/>
        <source>办理结果</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="101"/>
        <source>问题详情</source>
        <translation>Issue details</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="129"/>
        <source>保存问题</source>
        <translation>Save issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="142"/>
        <source>共 %1 项，未办结 %2 项，逾期 %3 项</source>
        <translation>%1 issues, %2 open, %3 overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="168"/>
        <source>编辑问题（%1）</source>
        <translation>Edit issue (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="179"/>
        <source>新问题（填写后点“保存问题”）</source>
        <translation>New issue (fill in, then &quot;Save issue&quot;)</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="202"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="232"/>
        <source>办结问题</source>
        <translation>Close issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="232"/>
        <source>办理结果（必填）：</source>
        <translation>Resolution (required):</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="239"/>
        <source>未办结</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="249"/>
        <source>删除问题</source>
        <translation>Delete issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="249"/>
        <source>删除这条问题协调记录？</source>
        <translation>Delete this coordination issue?</translation>
    </message>
    <message>
        <location filename="../../app/ui/issues_tab.py" line="255"/>
        <source>未删除</source>
        <translation>Not deleted</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="99"/>
        <location filename="../../app/ui/main_window.py" line="184"/>
        <source>项目总览</source>
        <translation>Portfolio</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="100"/>
        <location filename="../../app/ui/main_window.py" line="184"/>
        <source>统计看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="101"/>
        <location filename="../../app/ui/main_window.py" line="185"/>
        <source>数据核查</source>
        <translation>Data review</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="113"/>
        <location filename="../../app/ui/main_window.py" line="446"/>
        <source>数据库提示</source>
        <translation>Database notice</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="137"/>
        <location filename="../../app/ui/main_window.py" line="185"/>
        <source>进度时间轴</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="145"/>
        <location filename="../../app/ui/main_window.py" line="186"/>
        <source>规划指标</source>
        <translation>Plan indicators</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="153"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="154"/>
        <source>打开数据库(&amp;O)…</source>
        <translation>&amp;Open database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="156"/>
        <source>最近打开</source>
        <translation>Recent databases</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="158"/>
        <source>打开默认数据库</source>
        <translation>Open the default database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="160"/>
        <source>备份数据库(&amp;B)…</source>
        <translation>&amp;Back up database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="163"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="166"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="167"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="169"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="174"/>
        <source>查找项目(&amp;F)</source>
        <translation>&amp;Find projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="176"/>
        <source>保存当前项目(&amp;S)</source>
        <translation>&amp;Save current project</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="178"/>
        <location filename="../../app/ui/main_window.py" line="527"/>
        <source>打开所选项目</source>
        <translation>Open selected project</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="180"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="181"/>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="192"/>
        <source>选择显示的列…</source>
        <translation>Choose columns…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193"/>
        <source>清除全部筛选</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="194"/>
        <source>恢复默认布局</source>
        <translation>Restore default layout</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196"/>
        <source>界面语言 / Language</source>
        <translation>界面语言 / Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="205"/>
        <source>报表(&amp;R)</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="206"/>
        <source>生成报表(&amp;P)…</source>
        <translation>Generate re&amp;port…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="209"/>
        <source>数据(&amp;D)</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="210"/>
        <source>导出到 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="211"/>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="214"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="215"/>
        <location filename="../../app/ui/main_window.py" line="533"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="216"/>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="229"/>
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="231"/>
        <source>用户：%1</source>
        <translation>User: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="234"/>
        <source>大同市生态保护重点项目管理</source>
        <translation>Datong Ecological Protection Key Projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240"/>
        <source>导出模块尚未安装</source>
        <translation>The export module is not installed</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="277"/>
        <source>正在加载项目…</source>
        <translation>Loading projects…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="287"/>
        <source>已加载 %n 个项目</source>
        <translation>
            <numerusform>Loaded %n project</numerusform>
            <numerusform>Loaded %n projects</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="294"/>
        <source>加载失败</source>
        <translation>Loading failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="294"/>
        <source>无法读取项目列表：</source>
        <translation>Cannot read the project list:</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="310"/>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="327"/>
        <source>里程碑</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="328"/>
        <source>季度进展</source>
        <translation>Quarterly progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="329"/>
        <source>问题协调</source>
        <translation>Coordination issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="390"/>
        <source>请在项目窗口中保存（Ctrl+S）</source>
        <translation>Save in the project window (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="408"/>
        <location filename="../../app/ui/main_window.py" line="529"/>
        <source>打开数据库</source>
        <translation>Open database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="409"/>
        <source>SQLite 数据库 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</source>
        <translation>SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="417"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="449"/>
        <location filename="../../app/ui/main_window.py" line="570"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="451"/>
        <source>正在打开数据库…</source>
        <translation>Opening database…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="461"/>
        <source>备份数据库</source>
        <translation>Back up database</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="462"/>
        <source>SQLite 数据库 (*.sqlite3)</source>
        <translation>SQLite database (*.sqlite3)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="471"/>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="472"/>
        <source>备份完成</source>
        <translation>Backup complete</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="473"/>
        <source>备份已写入并通过完整性检查：
%1</source>
        <translation>Backup written and verified:
%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="474"/>
        <source>备份失败</source>
        <translation>Backup failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="480"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="480"/>
        <source>报表功能尚未安装。</source>
        <translation>Reports are not installed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="497"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="497"/>
        <source>导出功能尚未安装。</source>
        <translation>Export is not installed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="506"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="506"/>
        <source>导入功能尚未安装。</source>
        <translation>Import is not installed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="527"/>
        <source>查找项目</source>
        <translation>Find projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="527"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="528"/>
        <source>保存项目</source>
        <translation>Save project</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="528"/>
        <source>撤销 / 重做</source>
        <translation>Undo / redo</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="529"/>
        <source>生成报表</source>
        <translation>Generate report</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="529"/>
        <source>切换页面</source>
        <translation>Switch page</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="530"/>
        <source>关闭项目窗口</source>
        <translation>Close project window</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="536"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="537"/>
        <source>&lt;h3&gt;大同市“两山七河一流域”生态保护“十四五”规划重点项目管理&lt;/h3&gt;&lt;p&gt;版本 %1&lt;/p&gt;&lt;p&gt;数据库：%2&lt;/p&gt;&lt;p&gt;界面字体：文泉驿微米黑（Apache-2.0，随程序附带）&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Datong 14th Five-Year Ecological Protection Plan — Key Projects&lt;/h3&gt;&lt;p&gt;Version %1&lt;/p&gt;&lt;p&gt;Database: %2&lt;/p&gt;&lt;p&gt;UI font: WenQuanYi Micro Hei (Apache-2.0, bundled)&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="561"/>
        <source>请检查：文件是否存在、是否有读写权限、是否被其他程序占用；如文件来自更新版本的程序，请升级本程序。</source>
        <translation>Please check that the file exists, that you may read and write it and that no other program holds it; if it comes from a newer version of this program, upgrade this program.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="565"/>
        <source>打开数据库时出错：</source>
        <translation>Error opening the database: </translation>
    </message>
</context>
<context>
    <name>MilestonesTab</name>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="56"/>
        <source>套用标准节点模板</source>
        <translation>Apply standard milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="57"/>
        <source>添加项目尚缺的标准节点：立项、可研、环评、用地、初设、施工许可、开工、主体完工、竣工验收</source>
        <translation>Add the standard milestones the project lacks: approval, feasibility study, EIA, land, preliminary design, construction permit, start, main works complete, acceptance</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="59"/>
        <source>新增节点</source>
        <translation>New milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="61"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="63"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="65"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="73"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="74"/>
        <location filename="../../app/ui/milestones_tab.py" line="111"/>
        <source>节点类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="75"/>
        <location filename="../../app/ui/milestones_tab.py" line="111"/>
        <source>节点名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="76"/>
        <location filename="../../app/ui/milestones_tab.py" line="112"/>
        <source>计划日期</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="77"/>
        <location filename="../../app/ui/milestones_tab.py" line="113"/>
        <source>实际日期</source>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="78"/>
        <location filename="../../app/ui/milestones_tab.py" line="114"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="79"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="80"/>
        <location filename="../../app/ui/milestones_tab.py" line="114"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="98"/>
        <source>节点详情</source>
        <translation>Milestone details</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="102"/>
        <location filename="../../app/ui/milestones_tab.py" line="175"/>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="108"/>
        <source>“逾期”由日期自动判断，无需选择</source>
        <translation>&quot;Overdue&quot; follows from the dates; no need to choose it</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="126"/>
        <source>保存节点</source>
        <translation>Save milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="162"/>
        <source>编辑：%1</source>
        <translation>Editing: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="174"/>
        <source>新节点（填写后点“保存节点”）</source>
        <translation>New milestone (fill in, then &quot;Save milestone&quot;)</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="201"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="235"/>
        <source>标准节点</source>
        <translation>Standard milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="235"/>
        <source>项目已有全部标准节点。</source>
        <translation>The project already has every standard milestone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="255"/>
        <source>删除节点</source>
        <translation>Delete milestone</translation>
    </message>
    <message>
        <location filename="../../app/ui/milestones_tab.py" line="255"/>
        <source>删除节点“%1”？此操作会记入修改记录。</source>
        <translation>Delete milestone &quot;%1&quot;? This is recorded in the history.</translation>
    </message>
</context>
<context>
    <name>PortfolioView</name>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="192"/>
        <source>搜索项目名称、建设主体、地点、建设内容（支持拼音首字母，如 yh = 御河）   Ctrl+F</source>
        <translation>Search name, entity, location, content (pinyin initials work, e.g. yh = 御河)   Ctrl+F</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="200"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="203"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="206"/>
        <source>最新（截至今天）</source>
        <translation>Latest (as of today)</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="209"/>
        <source>显示列…</source>
        <translation>Columns…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="251"/>
        <location filename="../../app/ui/portfolio_view.py" line="394"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="331"/>
        <source>当前筛选：</source>
        <translation>Filters: </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/portfolio_view.py" line="343"/>
        <source>全部 %n 个项目</source>
        <translation>
            <numerusform>All %n project</numerusform>
            <numerusform>All %n projects</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="345"/>
        <source>筛选结果 %1 / %2 个项目</source>
        <translation>Filtered: %1 of %2 projects</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="346"/>
        <source>概算总投资 %1 亿元</source>
        <translation>Estimated investment %1 (100M yuan)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/portfolio_view.py" line="348"/>
        <source>（其中 %n 项投资未知，未计入）</source>
        <translation>
            <numerusform> (%n with unknown investment, not counted)</numerusform>
            <numerusform> (%n with unknown investment, not counted)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="350"/>
        <source>累计完成投资 未知（均无进度数据）</source>
        <translation>Cumulative investment unknown (no progress data)</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="352"/>
        <source>累计完成投资 %1 亿元</source>
        <translation>Cumulative investment %1 (100M yuan)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/portfolio_view.py" line="354"/>
        <source>（其中 %n 项未知）</source>
        <translation>
            <numerusform> (%n unknown)</numerusform>
            <numerusform> (%n unknown)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="357"/>
        <source>完成率 %1（按两项数据都已知的项目计算）</source>
        <translation>Completion %1 (projects where both figures are known)</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="362"/>
        <source>加载失败：</source>
        <translation>Loading failed: </translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="366"/>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="398"/>
        <source>只看县区：%1</source>
        <translation>Only county: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="400"/>
        <source>只看此附表类别</source>
        <translation>Only this appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/portfolio_view.py" line="415"/>
        <source>恢复默认列</source>
        <translation>Default columns</translation>
    </message>
</context>
<context>
    <name>ProgressTab</name>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="64"/>
        <location filename="../../app/ui/progress_tab.py" line="141"/>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="73"/>
        <source>该报告期已锁定，数据只读。如需修改，请由管理员填写理由后解锁。</source>
        <translation>This period is locked and read-only. To change it, an administrator must reopen it with a reason.</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="84"/>
        <source>本季度填报</source>
        <translation>This quarter&apos;s report</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="88"/>
        <source>本季度完成投资</source>
        <translation>Invested this quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="88"/>
        <source>年度计划投资</source>
        <translation>Annual plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="90"/>
        <source>亿元；可填“500万元”，留空表示未报</source>
        <translation>100M yuan; &quot;500万元&quot; works too; blank = not reported</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="95"/>
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
        <location filename="../../app/ui/progress_tab.py" line="147"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="102"/>
        <location filename="../../app/ui/progress_tab.py" line="148"/>
        <source>形象进度</source>
        <translation>Physical progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="102"/>
        <source>存在问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="103"/>
        <source>下步计划</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="113"/>
        <source>保存本季度进展</source>
        <translation>Save this quarter</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="120"/>
        <source>自动计算（只读）</source>
        <translation>Derived (read-only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="131"/>
        <source>累计完成投资</source>
        <translation>Cumulative investment</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="132"/>
        <location filename="../../app/ui/progress_tab.py" line="144"/>
        <source>完成率</source>
        <translation>Completion</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="133"/>
        <source>序时进度</source>
        <translation>Time elapsed</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="134"/>
        <source>RAG 评级</source>
        <translation>RAG rating</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="135"/>
        <source>评级理由</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="136"/>
        <source>逾期节点</source>
        <translation>Overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="142"/>
        <source>本季度完成（亿元）</source>
        <translation>This quarter (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="143"/>
        <source>累计完成（亿元）</source>
        <translation>Cumulative (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="146"/>
        <source>年度计划（亿元）</source>
        <translation>Annual plan (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="149"/>
        <source>填报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="221"/>
        <source>状态：%1</source>
        <translation>State: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="245"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="251"/>
        <source>%1 亿元</source>
        <translation>%1 (100M yuan)</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="256"/>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="256"/>
        <source>黄</source>
        <translation>Amber</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="256"/>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="260"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/progress_tab.py" line="297"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>ProjectEditor</name>
    <message>
        <location filename="../../app/ui/project_editor.py" line="394"/>
        <source>附表原文（只读）</source>
        <translation>Appendix text (read-only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="401"/>
        <location filename="../../app/ui/project_editor.py" line="828"/>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="404"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="418"/>
        <source>留空表示未知</source>
        <translation>Blank = unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="424"/>
        <location filename="../../app/ui/project_editor.py" line="659"/>
        <source>亿元</source>
        <translation>100M yuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="424"/>
        <location filename="../../app/ui/project_editor.py" line="659"/>
        <source>亩</source>
        <translation>mu</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="437"/>
        <source>每行一个建设主体</source>
        <translation>One implementing entity per line</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="447"/>
        <source>基本信息</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="451"/>
        <location filename="../../app/ui/project_editor.py" line="832"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="451"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="451"/>
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="452"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="453"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="453"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="453"/>
        <source>提示</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="454"/>
        <source>问题说明</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="455"/>
        <source>处理说明</source>
        <translation>Resolution note</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="456"/>
        <source>处理人</source>
        <translation>Resolved by</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="460"/>
        <source>处理核查事项请到主窗口的“数据核查”页（可填写处理说明）。</source>
        <translation>Resolve findings on the &quot;Data review&quot; page of the main window (with a note).</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="467"/>
        <location filename="../../app/ui/project_editor.py" line="606"/>
        <source>数据核查</source>
        <translation>Data review</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="476"/>
        <source>修改记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="479"/>
        <location filename="../../app/ui/project_editor.py" line="494"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="481"/>
        <location filename="../../app/ui/project_editor.py" line="498"/>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="483"/>
        <location filename="../../app/ui/project_editor.py" line="504"/>
        <location filename="../../app/ui/project_editor.py" line="807"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="486"/>
        <location filename="../../app/ui/project_editor.py" line="769"/>
        <source>重新加载</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="495"/>
        <source>撤销 (Ctrl+Z)</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="499"/>
        <source>重做 (Ctrl+Y)</source>
        <translation>Redo (Ctrl+Y)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="505"/>
        <source>保存 (Ctrl+S)：一次写入所有修改</source>
        <translation>Save (Ctrl+S): writes all changes at once</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="511"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="598"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="605"/>
        <source>数据核查（%1）</source>
        <translation>Data review (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="639"/>
        <source>修改 %1</source>
        <translation>Change %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="656"/>
        <source>请输入数字（单位：%1），留空表示未知</source>
        <translation>Enter a number (unit: %1); leave blank for unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="657"/>
        <source>请输入有效数字（单位：%1）</source>
        <translation>Enter a valid number (unit: %1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="658"/>
        <source>不能为负数（单位：%1）</source>
        <translation>Must not be negative (unit: %1)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/project_editor.py" line="718"/>
        <source>有 %n 处输入需要修改，未保存任何内容。</source>
        <translation>
            <numerusform>%n entry needs correcting; nothing was saved.</numerusform>
            <numerusform>%n entries need correcting; nothing was saved.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="738"/>
        <source>保存冲突</source>
        <translation>Save conflict</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="739"/>
        <source>重新加载（放弃我的修改）</source>
        <translation>Reload (discard my changes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="740"/>
        <source>返回编辑</source>
        <translation>Back to editing</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="746"/>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="763"/>
        <source>版本 %1 · 最后修改：%2 %3</source>
        <translation>Version %1 · last changed by %2 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="765"/>
        <source>项目 %1 — %2</source>
        <translation>Project %1 — %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="769"/>
        <source>放弃未保存的修改并重新读取项目？</source>
        <translation>Discard unsaved changes and reload the project?</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="805"/>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="806"/>
        <source>项目有未保存的修改。是否保存？</source>
        <translation>The project has unsaved changes. Save them?</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="808"/>
        <source>不保存</source>
        <translation>Don&apos;t save</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="809"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="828"/>
        <source>项目名称</source>
        <translation>Project name</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="828"/>
        <source>主要建设规模</source>
        <translation>Scale</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="829"/>
        <source>主要建设内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="829"/>
        <source>项目建设主体</source>
        <translation>Implementing entities</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="829"/>
        <source>项目建设地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="830"/>
        <source>所属县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="830"/>
        <source>涉及县区</source>
        <translation>Counties involved</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="831"/>
        <source>概算总投资</source>
        <translation>Estimated investment</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="831"/>
        <source>拟新增建设用地</source>
        <translation>New construction land</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="832"/>
        <source>建议牵头责任部门</source>
        <translation>Lead departments</translation>
    </message>
    <message>
        <location filename="../../app/ui/project_editor.py" line="832"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <location filename="../../app/ui/models.py" line="104"/>
        <location filename="../../app/ui/models.py" line="121"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="106"/>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="106"/>
        <location filename="../../app/ui/models.py" line="112"/>
        <source>项目名称</source>
        <translation>Project name</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="106"/>
        <source>附表类别</source>
        <translation>Appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="106"/>
        <source>县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="106"/>
        <source>牵头部门</source>
        <translation>Lead department</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="107"/>
        <source>总投资(亿元)</source>
        <translation>Investment (100M ¥)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="107"/>
        <source>新增用地(亩)</source>
        <translation>New land (mu)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="107"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="107"/>
        <source>RAG</source>
        <translation>RAG</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="108"/>
        <source>累计完成(亿元)</source>
        <translation>Cumulative (100M ¥)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="108"/>
        <source>完成率</source>
        <translation>Completion</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="108"/>
        <source>最近更新</source>
        <translation>Last update</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="108"/>
        <source>建设主体</source>
        <translation>Entity</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="109"/>
        <source>建设地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="109"/>
        <source>未解决问题</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="109"/>
        <source>逾期节点</source>
        <translation>Overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="109"/>
        <source>待核查</source>
        <translation>To review</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="112"/>
        <source>项目编号（附表-行号）</source>
        <translation>Project code (appendix-row)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="112"/>
        <source>规划附表类别</source>
        <translation>Plan appendix category</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="112"/>
        <source>所属县区</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="113"/>
        <source>建议牵头责任部门</source>
        <translation>Lead departments</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="113"/>
        <source>概算总投资（亿元）；未知不计为 0</source>
        <translation>Estimated total investment (100M yuan); unknown is not counted as 0</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="114"/>
        <source>拟新增建设用地规模（亩）</source>
        <translation>Planned new construction land (mu)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="114"/>
        <source>项目状态</source>
        <translation>Project status</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="115"/>
        <source>按规则评定的进度评级：红/黄/绿/未知；鼠标停留可看理由</source>
        <translation>Rule-based progress rating: red/amber/green/unknown; hover for the reasons</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="116"/>
        <source>累计完成投资（亿元），截至所选报告期</source>
        <translation>Cumulative investment (100M yuan) up to the selected period</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="116"/>
        <source>累计完成投资 ÷ 概算总投资</source>
        <translation>Cumulative ÷ estimated investment</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="117"/>
        <source>项目或进度数据的最近修改时间</source>
        <translation>When the project or its progress last changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="117"/>
        <source>项目建设主体</source>
        <translation>Implementing entities</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="117"/>
        <source>项目建设地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="118"/>
        <source>未办结的问题协调事项数</source>
        <translation>Coordination issues not closed</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="118"/>
        <source>逾期未完成的里程碑节点数</source>
        <translation>Milestones past their planned date</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="118"/>
        <source>待处理的数据核查事项数</source>
        <translation>Open data-review findings</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="120"/>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="120"/>
        <source>黄</source>
        <translation>Amber</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="120"/>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="307"/>
        <source>进度状态未知（尚未计算或无进度数据）</source>
        <translation>Progress status unknown (not computed or no progress data)</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="313"/>
        <source>概算总投资未知：不计入合计</source>
        <translation>Estimated investment unknown: not in the totals</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="315"/>
        <source>尚无进度数据：不计入合计</source>
        <translation>No progress data yet: not in the totals</translation>
    </message>
</context>
<context>
    <name>ReviewQueueView</name>
    <message>
        <location filename="../../app/ui/review_view.py" line="83"/>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="85"/>
        <location filename="../../app/ui/review_view.py" line="224"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="86"/>
        <location filename="../../app/ui/review_view.py" line="224"/>
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="87"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="91"/>
        <source>搜索编号、名称、问题说明…</source>
        <translation>Search code, name, finding…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="135"/>
        <source>处理说明（标记为已处理时必填）</source>
        <translation>Resolution note (required to resolve)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="137"/>
        <source>例如：已与县区核实，原表数值正确</source>
        <translation>e.g. checked with the county: the table value is right</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="144"/>
        <location filename="../../app/ui/review_view.py" line="230"/>
        <source>标记为已处理</source>
        <translation>Mark resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="146"/>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="148"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="174"/>
        <source>待处理 %1 条，已处理 %2 条</source>
        <translation>%1 open, %2 resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="219"/>
        <source>选择一条核查事项查看详情</source>
        <translation>Select a finding to see its details</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="230"/>
        <source>更新处理说明</source>
        <translation>Update note</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="247"/>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="269"/>
        <source>规划指标</source>
        <translation>Plan indicators</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_view.py" line="270"/>
        <source>这条核查事项属于规划指标（%1），请在“规划指标”页查看。</source>
        <translation>This finding belongs to a plan indicator (%1); see the &quot;Plan indicators&quot; page.</translation>
    </message>
</context>
<context>
    <name>ReviewTableModel</name>
    <message>
        <location filename="../../app/ui/models.py" line="329"/>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="329"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="329"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="329"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="329"/>
        <source>问题说明</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="330"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="330"/>
        <source>处理说明</source>
        <translation>Resolution note</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="330"/>
        <source>处理人</source>
        <translation>Resolved by</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="330"/>
        <source>处理时间</source>
        <translation>Resolved at</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="331"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="331"/>
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="332"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="332"/>
        <source>提示</source>
        <translation>Info</translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="209"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="216"/>
        <source>项目（%1）</source>
        <translation>Projects (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="239"/>
        <source>计划：%1</source>
        <translation>Planned: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="239"/>
        <source>未定</source>
        <translation>not set</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="240"/>
        <source>实际：%1</source>
        <translation>Actual: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="242"/>
        <source>逾期 %1 天</source>
        <translation>%1 days overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="247"/>
        <source>双击打开项目</source>
        <translation>Double-click to open the project</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="272"/>
        <source>时间刻度</source>
        <translation>Scale</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="274"/>
        <source>按季度</source>
        <translation>Quarters</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="275"/>
        <source>按年</source>
        <translation>Years</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="278"/>
        <source>只看有逾期节点的项目</source>
        <translation>Only projects with overdue milestones</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="286"/>
        <source>◇ 计划日期&#x3000;● 实际日期&#x3000;颜色：蓝＝进行中，绿＝已完成，红＝逾期，灰＝未开始；红色虚线＝今天。筛选条件与“项目总览”相同；双击一行打开项目。</source>
        <translation>◇ planned  ● actual   Colours: blue = in progress, green = done, red = overdue, grey = not started; dashed red line = today. Uses the portfolio&apos;s filters; double-click a row to open the project.</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="332"/>
        <source>加载失败：%1</source>
        <translation>Loading failed: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="334"/>
        <location filename="../../app/ui/timeline_view.py" line="335"/>
        <source>正在加载里程碑…</source>
        <translation>Loading milestones…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="358"/>
        <source>显示 %1 个项目（筛选结果 %2 个，其中 %3 个有里程碑节点）</source>
        <translation>Showing %1 projects (%2 filtered, %3 with milestones)</translation>
    </message>
    <message>
        <location filename="../../app/ui/timeline_view.py" line="361"/>
        <source>。在项目窗口的“里程碑”页可套用标准节点。</source>
        <translation>. Apply standard milestones on a project&apos;s &quot;Milestones&quot; tab.</translation>
    </message>
</context>
</TS>
