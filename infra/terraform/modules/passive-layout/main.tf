# The passive port layout of a bucketftp cluster, computed once and used everywhere: the server's
# configuration (server.passive.portRange, cluster.slices), the Kubernetes Service and the cloud
# firewall rules. Replica i announces only the ports of slice i but listens on the whole range,
# and relays a data connection for another slice to its owner (packages/server/src/cluster).
# The server computes the same slices (cluster/passive-layout.ts); keep the two in step.

locals {
  slices     = coalesce(var.max_replicas, var.replicas)
  port_count = local.slices * var.ports_per_replica
  last_port  = var.first_port + local.port_count - 1

  slice_ranges = [
    for replica in range(local.slices) : {
      replica = replica
      min     = var.first_port + replica * var.ports_per_replica
      max     = var.first_port + (replica + 1) * var.ports_per_replica - 1
    }
  ]

  passive_ports = range(var.first_port, local.last_port + 1)

  # Service port names are DNS labels of at most 15 characters: "pasv-30000".
  service_ports = concat(
    [{ name = "ftp", port = var.control_port, target_port = var.container_control_port }],
    [for port in local.passive_ports : { name = "pasv-${port}", port = port, target_port = port }],
  )

  container_ports = [
    { name = "ftp", port = var.container_control_port },
    { name = "relay", port = var.relay_port },
    { name = "ops", port = var.ops_port },
  ]
}
