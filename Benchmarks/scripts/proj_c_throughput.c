/* System PROJ throughput through the C API nbhd uses (proj_trans_generic), for the
   crs-to-crs operation and for the single best operation. Build and run:
   gcc -O2 Benchmarks/scripts/proj_c_throughput.c -lproj -o /tmp/proj_c && /tmp/proj_c */
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  PJ_CONTEXT*c=proj_context_create();
  PJ*meta=proj_create_crs_to_crs(c,"EPSG:4326","EPSG:27700",NULL);
  PJ*m=proj_normalize_for_visualization(c,meta);
  PJ*src=proj_create(c,"EPSG:4326"),*dst=proj_create(c,"EPSG:27700");
  PJ_OPERATION_FACTORY_CONTEXT*f=proj_create_operation_factory_context(c,NULL);
  proj_operation_factory_context_set_spatial_criterion(c,f,PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
  proj_operation_factory_context_set_grid_availability_use(c,f,PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
  PJ_OBJ_LIST*l=proj_create_operations(c,src,dst,f);
  printf("ops %d\n",proj_list_get_count(l));
  PJ*best=proj_list_get(c,l,0); printf("best: %s\n",proj_get_name(best));
  PJ*b=proj_normalize_for_visualization(c,best);
  int n=5000000; double*x=malloc(n*8),*y=malloc(n*8);
  for(int k=0;k<2;k++){PJ*P=k?b:m;
   for(int i=0;i<n;i++){x[i]=-2.2+(i%1000)*0.001;y[i]=53.5+(i/1000%500)*0.001;}
   double t=now(); proj_trans_generic(P,PJ_FWD,x,8,n,y,8,n,0,0,0,0,0,0); double d=now()-t;
   printf("%s %.2f M/s  %f %f\n",k?"best":"meta",n/d/1e6,x[0],y[0]);}
}
