// The script of Sluice's Glue job. Glue compiles the Scala script at the job's ScriptLocation and
// runs the object named by --class; Sluice's job is Java code in the jar given as --extra-jars,
// so this script only hands over to it. The deployer publishes it beside each jar as
// glue-job/<sha256 of the jar>.scala.
object SluiceGlueEntry {
  def main(sysArgs: Array[String]): Unit = dev.sluice.gluejob.SluiceGlueJob.main(sysArgs)
}
